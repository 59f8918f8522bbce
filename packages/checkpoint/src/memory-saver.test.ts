import { describe, expect, it } from "vitest";
import { emptyCheckpoint } from "./checkpoint.ts";
import { ERROR, INTERRUPT } from "./constants.ts";
import { WeftError } from "./errors.ts";
import { InMemorySaver, MemorySaver } from "./memory-saver.ts";
import { JsonSerializer } from "./serde/json-serializer.ts";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  CheckpointTuple,
  RunnableConfig,
} from "./types.ts";

function checkpoint(values: Record<string, unknown>, versions: ChannelVersions): Checkpoint {
  return { ...emptyCheckpoint(), channel_values: values, channel_versions: versions };
}

function meta(step: number, extra: Record<string, unknown> = {}): CheckpointMetadata {
  return { source: "loop", step, parents: {}, ...extra };
}

const thread = (thread_id: string, more: Record<string, unknown> = {}): RunnableConfig => ({
  configurable: { thread_id, ...more },
});

async function collect(iterable: AsyncIterable<CheckpointTuple>): Promise<CheckpointTuple[]> {
  const out: CheckpointTuple[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Saves a chain of `n` checkpoints in one thread/namespace; returns their configs, oldest first. */
async function chain(
  saver: MemorySaver,
  config: RunnableConfig,
  n: number,
  extra?: (i: number) => Record<string, unknown>,
) {
  const configs: RunnableConfig[] = [];
  let parent = config;
  for (let i = 0; i < n; i++) {
    parent = await saver.put(parent, checkpoint({ n: i }, { n: i + 1 }), meta(i, extra?.(i)), {
      n: i + 1,
    });
    configs.push(parent);
  }
  return configs;
}

describe("MemorySaver put / getTuple", () => {
  it("returns the config of the saved checkpoint and reads it back", async () => {
    const saver = new MemorySaver();
    const cp = checkpoint({ a: 1, b: [1, 2] }, { a: 1, b: 1 });
    cp.versions_seen = { node: { a: 1 } };
    const config = await saver.put(thread("t"), cp, meta(-1, { source: "input" }), { a: 1, b: 1 });
    expect(config).toEqual({
      configurable: { thread_id: "t", checkpoint_ns: "", checkpoint_id: cp.id },
    });
    const tuple = await saver.getTuple(thread("t"));
    expect(tuple?.config).toEqual(config);
    expect(tuple?.checkpoint).toEqual(cp);
    expect(tuple?.metadata).toEqual(meta(-1, { source: "input" }));
    expect(tuple?.pendingWrites).toEqual([]);
    expect(tuple?.parentConfig).toBeUndefined();
    expect(await saver.get(config)).toEqual(cp);
  });

  it("gets the latest checkpoint by default and any one by id, with its parent config", async () => {
    const saver = new MemorySaver();
    const [first, second, third] = await chain(saver, thread("t"), 3);
    expect((await saver.getTuple(thread("t")))?.config).toEqual(third);
    const middle = await saver.getTuple(second!);
    expect(middle?.checkpoint.channel_values).toEqual({ n: 1 });
    expect(middle?.parentConfig).toEqual(first);
    expect(await saver.getTuple(thread("t", { checkpoint_id: "missing" }))).toBeUndefined();
    expect(await saver.getTuple(thread("other"))).toBeUndefined();
  });

  it("isolates saved state from later mutation, in both directions", async () => {
    const saver = new MemorySaver();
    const list = [{ x: 1 }];
    const cp = checkpoint({ list }, { list: 1 });
    const config = await saver.put(thread("t"), cp, meta(0), { list: 1 });
    list[0]!.x = 99;
    cp.channel_versions.list = 5;
    const read = await saver.getTuple(config);
    expect(read?.checkpoint.channel_values.list).toEqual([{ x: 1 }]);
    expect(read?.checkpoint.channel_versions.list).toBe(1);
    (read!.checkpoint.channel_values.list as { x: number }[])[0]!.x = 7;
    read!.checkpoint.versions_seen.x = {};
    expect((await saver.getTuple(config))?.checkpoint.channel_values.list).toEqual([{ x: 1 }]);
    expect((await saver.getTuple(config))?.checkpoint.versions_seen).toEqual({});
  });

  it("stores an unchanged channel once and reuses it for later checkpoints", async () => {
    let dumps = 0;
    const counting = new JsonSerializer();
    const dumpsTyped = counting.dumpsTyped.bind(counting);
    counting.dumpsTyped = (value, options) => {
      if (options?.context?.startsWith("channel")) dumps++;
      return dumpsTyped(value, options);
    };
    const saver = new MemorySaver({ serde: counting });
    const big = { history: Array.from({ length: 100 }, (_, i) => i) };
    const c1 = await saver.put(thread("t"), checkpoint({ big, n: 0 }, { big: 1, n: 1 }), meta(0), {
      big: 1,
      n: 1,
    });
    const c2 = await saver.put(c1, checkpoint({ big, n: 1 }, { big: 1, n: 2 }), meta(1), { n: 2 });
    expect(dumps).toBe(3);
    expect((await saver.getTuple(c2))?.checkpoint.channel_values).toEqual({ big, n: 1 });
  });

  it("keeps forks apart even when they reach the same channel version", async () => {
    const saver = new MemorySaver();
    const base = await saver.put(thread("t"), checkpoint({ x: "base" }, { x: 1 }), meta(0), {
      x: 1,
    });
    const left = await saver.put(base, checkpoint({ x: "left" }, { x: 2 }), meta(1), { x: 2 });
    // Time travel: fork from `base` again; the engine counts up to version 2 once more.
    const right = await saver.put(base, checkpoint({ x: "right" }, { x: 2 }), meta(1), { x: 2 });
    const after = await saver.put(right, checkpoint({ x: "right" }, { x: 2 }), meta(2), {});
    expect((await saver.get(left))?.channel_values.x).toBe("left");
    expect((await saver.get(right))?.channel_values.x).toBe("right");
    expect((await saver.get(after))?.channel_values.x).toBe("right");
  });

  it("saves values when the caller passes no new versions (a copied checkpoint)", async () => {
    const saver = new MemorySaver();
    const copy = await saver.put(
      thread("new"),
      checkpoint({ a: 1 }, { a: 3 }),
      meta(0, { source: "fork" }),
      {},
    );
    expect((await saver.get(copy))?.channel_values).toEqual({ a: 1 });
  });

  it("leaves nothing behind when a value cannot be serialized", async () => {
    const saver = new MemorySaver();
    const bad = checkpoint({ ok: 1, messages: [{ content: () => 1 }] }, { ok: 1, messages: 1 });
    await expect(saver.put(thread("t"), bad, meta(0), { ok: 1, messages: 1 })).rejects.toThrow(
      'channel "messages"[0].content',
    );
    expect(await saver.getTuple(thread("t"))).toBeUndefined();
    expect(await collect(saver.list({}))).toEqual([]);
  });

  it("throws INVALID_CONFIG without a thread_id", async () => {
    const saver = new MemorySaver();
    for (const call of [
      () => saver.put({}, emptyCheckpoint(), meta(0), {}),
      () => saver.getTuple({ configurable: {} }),
      () => saver.putWrites({ configurable: { checkpoint_id: "c" } }, [], "task"),
    ]) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
    }
  });
});

describe("MemorySaver list", () => {
  it("lists newest first with parent configs", async () => {
    const saver = new MemorySaver();
    const configs = await chain(saver, thread("t"), 4);
    const listed = await collect(saver.list(thread("t")));
    expect(listed.map((t) => t.config)).toEqual([...configs].reverse());
    expect(listed.map((t) => t.metadata?.step)).toEqual([3, 2, 1, 0]);
    expect(listed[0]?.parentConfig).toEqual(configs[2]);
  });

  it("applies filter, before and limit", async () => {
    const saver = new MemorySaver();
    const configs = await chain(saver, thread("t"), 6, (i) => ({
      parity: i % 2 === 0 ? "even" : "odd",
    }));
    const even = await collect(saver.list(thread("t"), { filter: { parity: "even" } }));
    expect(even.map((t) => t.metadata?.step)).toEqual([4, 2, 0]);
    const before = await collect(saver.list(thread("t"), { before: configs[3] }));
    expect(before.map((t) => t.metadata?.step)).toEqual([2, 1, 0]);
    const limited = await collect(saver.list(thread("t"), { limit: 2 }));
    expect(limited.map((t) => t.metadata?.step)).toEqual([5, 4]);
    const all = await collect(
      saver.list(thread("t"), { filter: { source: "loop" }, before: configs[5], limit: 2 }),
    );
    expect(all.map((t) => t.metadata?.step)).toEqual([4, 3]);
    expect(await collect(saver.list(thread("t"), { limit: 0 }))).toEqual([]);
  });

  it("filters on nested metadata values by deep equality", async () => {
    const saver = new MemorySaver();
    await chain(saver, thread("t"), 2, (i) => ({ writes: { node: { n: i } } }));
    const match = await collect(
      saver.list(thread("t"), { filter: { writes: { node: { n: 1 } } } }),
    );
    expect(match.map((t) => t.metadata?.step)).toEqual([1]);
  });

  it("lists one namespace when checkpoint_ns is given, every namespace otherwise", async () => {
    const saver = new MemorySaver();
    const root = await chain(saver, thread("t", { checkpoint_ns: "" }), 1);
    const sub = await chain(saver, thread("t", { checkpoint_ns: "child:1" }), 1);
    const root2 = await chain(saver, root[0]!, 1);
    expect(
      (await collect(saver.list(thread("t", { checkpoint_ns: "child:1" })))).map((t) => t.config),
    ).toEqual(sub);
    expect(
      (await collect(saver.list(thread("t", { checkpoint_ns: "" })))).map((t) => t.config),
    ).toEqual([root2[0], root[0]]);
    expect((await collect(saver.list(thread("t")))).map((t) => t.config)).toEqual([
      root2[0],
      sub[0],
      root[0],
    ]);
    expect((await saver.getTuple(thread("t", { checkpoint_ns: "child:1" })))?.config).toEqual(
      sub[0],
    );
  });

  it("lists every thread when the config names none", async () => {
    const saver = new MemorySaver();
    const a = await chain(saver, thread("a"), 1);
    const b = await chain(saver, thread("b"), 1);
    expect((await collect(saver.list({}))).map((t) => t.config)).toEqual([b[0], a[0]]);
    expect((await collect(saver.list({}, { limit: 1 }))).map((t) => t.config)).toEqual([b[0]]);
  });

  it("narrows to one checkpoint when the config names an id", async () => {
    const saver = new MemorySaver();
    const configs = await chain(saver, thread("t"), 3);
    expect((await collect(saver.list(configs[1]!))).map((t) => t.config)).toEqual([configs[1]]);
  });

  it("stops yielding a thread once it is deleted mid-listing", async () => {
    const saver = new MemorySaver();
    await chain(saver, thread("t"), 3);
    const seen: CheckpointTuple[] = [];
    for await (const tuple of saver.list(thread("t"))) {
      seen.push(tuple);
      await saver.deleteThread("t");
    }
    expect(seen).toHaveLength(1);
  });
});

describe("MemorySaver putWrites", () => {
  it("attaches writes to the checkpoint, in order, as [taskId, channel, value]", async () => {
    const saver = new MemorySaver();
    const [config] = await chain(saver, thread("t"), 1);
    await saver.putWrites(
      config!,
      [
        ["a", 1],
        ["b", new Date(0)],
      ],
      "task1",
    );
    await saver.putWrites(config!, [["a", 2]], "task2");
    expect((await saver.getTuple(config!))?.pendingWrites).toEqual([
      ["task1", "a", 1],
      ["task1", "b", new Date(0)],
      ["task2", "a", 2],
    ]);
  });

  it("is idempotent for ordinary writes: the first write for (task, index) wins", async () => {
    const saver = new MemorySaver();
    const [config] = await chain(saver, thread("t"), 1);
    await saver.putWrites(config!, [["a", "first"]], "task");
    await saver.putWrites(
      config!,
      [
        ["a", "second"],
        ["b", "new"],
      ],
      "task",
    );
    expect((await saver.getTuple(config!))?.pendingWrites).toEqual([
      ["task", "a", "first"],
      ["task", "b", "new"],
    ]);
  });

  it("overwrites special channels (error, interrupt) on retry", async () => {
    const saver = new MemorySaver();
    const [config] = await chain(saver, thread("t"), 1);
    await saver.putWrites(config!, [[ERROR, { message: "try 1" }]], "task");
    await saver.putWrites(config!, [[ERROR, { message: "try 2" }]], "task");
    await saver.putWrites(config!, [[INTERRUPT, ["ask"]]], "task");
    expect((await saver.getTuple(config!))?.pendingWrites).toEqual([
      ["task", ERROR, { message: "try 2" }],
      ["task", INTERRUPT, ["ask"]],
    ]);
  });

  it("keeps writes per checkpoint and per namespace", async () => {
    const saver = new MemorySaver();
    const [c1, c2] = await chain(saver, thread("t"), 2);
    await saver.putWrites(c1!, [["a", 1]], "task");
    expect((await saver.getTuple(c2!))?.pendingWrites).toEqual([]);
    expect((await collect(saver.list(thread("t")))).map((t) => t.pendingWrites?.length)).toEqual([
      0, 1,
    ]);
  });

  it("needs a checkpoint_id", async () => {
    await expect(
      new MemorySaver().putWrites(thread("t"), [["a", 1]], "task"),
    ).rejects.toMatchObject({
      code: "INVALID_CONFIG",
    });
  });
});

describe("MemorySaver deleteThread", () => {
  it("removes every checkpoint and write of the thread, in every namespace, and nothing else", async () => {
    const saver = new MemorySaver();
    const [t1] = await chain(saver, thread("t"), 1);
    await chain(saver, thread("t", { checkpoint_ns: "sub" }), 1);
    const [other] = await chain(saver, thread("other"), 1);
    await saver.putWrites(t1!, [["a", 1]], "task");
    await saver.deleteThread("t");
    expect(await saver.getTuple(thread("t"))).toBeUndefined();
    expect(await collect(saver.list(thread("t")))).toEqual([]);
    expect((await saver.getTuple(thread("other")))?.config).toEqual(other);
  });
});

describe("MemorySaver maxThreads", () => {
  it("evicts the least recently used thread (by put and get)", async () => {
    const saver = new MemorySaver({ maxThreads: 2 });
    await chain(saver, thread("a"), 1);
    await chain(saver, thread("b"), 1);
    await saver.getTuple(thread("a")); // a is now more recent than b
    await chain(saver, thread("c"), 1);
    expect(await saver.getTuple(thread("b"))).toBeUndefined();
    expect(await saver.getTuple(thread("a"))).toBeDefined();
    expect(await saver.getTuple(thread("c"))).toBeDefined();
  });

  it("rejects a bound that is not a positive integer", () => {
    expect(() => new MemorySaver({ maxThreads: 0 })).toThrow(
      expect.objectContaining({ code: "INVALID_CONFIG" }),
    );
  });
});

describe("MemorySaver construction", () => {
  it("accepts a serializer alone, like the peer", async () => {
    const serde = new JsonSerializer();
    expect(new MemorySaver(serde).serde).toBe(serde);
  });

  it("is also exported as InMemorySaver", () => {
    expect(new InMemorySaver()).toBeInstanceOf(MemorySaver);
  });
});

describe("MemorySaver versions_seen storage", () => {
  it("shares unchanged records with the parent yet never lets the caller's objects in", async () => {
    const saver = new MemorySaver();
    const seen = { a: { x: 1 }, b: { y: 1 } };
    const c1 = await saver.put(
      thread("t"),
      { ...checkpoint({}, {}), versions_seen: seen },
      meta(0),
      {},
    );
    // Same content, then a change to one node, each time through the caller's own object.
    const c2 = await saver.put(c1, { ...checkpoint({}, {}), versions_seen: seen }, meta(1), {});
    seen.b.y = 2;
    const c3 = await saver.put(c2, { ...checkpoint({}, {}), versions_seen: seen }, meta(2), {});
    seen.a.x = 99;
    seen.b.y = 99;
    expect((await saver.get(c1))?.versions_seen).toEqual({ a: { x: 1 }, b: { y: 1 } });
    expect((await saver.get(c2))?.versions_seen).toEqual({ a: { x: 1 }, b: { y: 1 } });
    expect((await saver.get(c3))?.versions_seen).toEqual({ a: { x: 1 }, b: { y: 2 } });
    // Mutating what a read returned does not reach the shared records either.
    const read = await saver.get(c2);
    read!.versions_seen.a!.x = 7;
    expect((await saver.get(c1))?.versions_seen.a).toEqual({ x: 1 });
    expect((await saver.get(c3))?.versions_seen.a).toEqual({ x: 1 });
  });

  it("stores a node added or removed since the parent", async () => {
    const saver = new MemorySaver();
    const c1 = await saver.put(
      thread("t"),
      { ...checkpoint({}, {}), versions_seen: { a: { x: 1 } } },
      meta(0),
      {},
    );
    const c2 = await saver.put(
      c1,
      { ...checkpoint({}, {}), versions_seen: { a: { x: 1 }, b: {} } },
      meta(1),
      {},
    );
    const c3 = await saver.put(c2, { ...checkpoint({}, {}), versions_seen: {} }, meta(2), {});
    expect((await saver.get(c2))?.versions_seen).toEqual({ a: { x: 1 }, b: {} });
    expect((await saver.get(c3))?.versions_seen).toEqual({});
  });
});

describe("MemorySaver retention", () => {
  it("completes a put that reuses stored values even if the thread is deleted meanwhile", async () => {
    const saver = new MemorySaver();
    const c1 = await saver.put(thread("t"), checkpoint({ big: "v1" }, { big: 1 }), meta(0), {
      big: 1,
    });
    // c2 reuses `big`, stored by c1. Start the put, delete the thread before it commits.
    const pending = saver.put(c1, checkpoint({ big: "v1", n: 1 }, { big: 1, n: 1 }), meta(1), {
      n: 1,
    });
    await saver.deleteThread("t");
    const c2 = await pending;
    expect((await saver.get(c2))?.channel_values).toEqual({ big: "v1", n: 1 });
    expect(await saver.get(c1)).toBeUndefined();
    // Pruning keeps what the survivor still uses.
    const c3 = await saver.put(c2, checkpoint({ big: "v1", n: 2 }, { big: 1, n: 2 }), meta(2), {
      n: 2,
    });
    expect(await saver.prune(["t"])).toEqual({ checkpoints: 1, writes: 0 });
    expect((await saver.get(c3))?.channel_values).toEqual({ big: "v1", n: 2 });
  });

  it("completes a fork whose parent is pruned while the put is in flight", async () => {
    const saver = new MemorySaver();
    const c1 = await saver.put(thread("t"), checkpoint({ x: "a" }, { x: 1 }), meta(0), { x: 1 });
    const c2 = await saver.put(c1, checkpoint({ x: "b" }, { x: 2 }), meta(1), { x: 2 });
    await saver.put(c2, checkpoint({ x: "b", n: 1 }, { x: 2, n: 1 }), meta(2), { n: 1 });
    // Fork from c1, reusing its `x`; prune c1 and c2 (and c1's `x`) before the fork commits.
    const pending = saver.put(c1, checkpoint({ x: "a", y: 1 }, { x: 1, y: 1 }), meta(1), { y: 1 });
    expect(await saver.prune(["t"])).toEqual({ checkpoints: 2, writes: 0 });
    const fork = await pending;
    expect((await saver.get(fork))?.channel_values).toEqual({ x: "a", y: 1 });
  });

  it("drops a write whose checkpoint is deleted while the write is being serialized", async () => {
    const saver = new MemorySaver();
    const [config] = await chain(saver, thread("t"), 1);
    const write = saver.putWrites(config!, [["a", { big: "x".repeat(1000) }]], "task");
    await saver.deleteThread("t");
    await write;
    expect(await saver.getTuple(thread("t"))).toBeUndefined();
    expect(await collect(saver.list({}))).toEqual([]);
  });

  it("sweeps expired threads, and an expired thread gives way to a fresh one on put", async () => {
    let now = 0;
    const saver = new MemorySaver({ threadTtl: { ttlMs: 100 }, now: () => now });
    await chain(saver, thread("old"), 2);
    now = 60;
    await chain(saver, thread("young"), 1);
    now = 120;
    expect(await saver.sweep()).toEqual({ threads: 1 });
    expect(await saver.getTuple(thread("young"))).toBeDefined();
    now = 1_000;
    const [fresh] = await chain(saver, thread("young"), 1);
    expect((await collect(saver.list(thread("young")))).map((t) => t.config)).toEqual([fresh]);
    expect(await saver.sweep()).toEqual({ threads: 0 });
  });

  it("keeps the LRU bound working alongside a TTL", async () => {
    let now = 0;
    const saver = new MemorySaver({ maxThreads: 1, threadTtl: { ttlMs: 10 }, now: () => now });
    await chain(saver, thread("a"), 1);
    await chain(saver, thread("b"), 1);
    expect(await saver.getTuple(thread("a"))).toBeUndefined();
    now = 5;
    expect(await saver.getTuple(thread("b"))).toBeDefined();
  });
});
