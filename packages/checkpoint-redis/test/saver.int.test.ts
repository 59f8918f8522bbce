import {
  type Checkpoint,
  emptyCheckpoint,
  INTERRUPT,
  type RunnableConfig,
  uuid6,
  WeftError,
} from "@weft/checkpoint";
import { requireService } from "@weft/conformance";
import { Annotation, Command, END, interrupt, START, StateGraph } from "@weft/graph";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RedisConnection } from "../src/connection.ts";
import { RedisDatabaseError } from "../src/errors.ts";
import { globalKey } from "../src/keys.ts";
import { RedisSaver } from "../src/saver.ts";
import { threadKeys } from "../src/saver-layout.ts";
import {
  deleteKeys,
  freePort,
  keysUnder,
  REDIS_SERVICE,
  REDIS_URL,
  startPrivateRedis,
  testPrefix,
} from "./redis-fixtures.ts";

const redis = await requireService(REDIS_SERVICE);
const connection = redis.available ? await RedisConnection.fromUrl(REDIS_URL) : undefined;
afterAll(() => connection?.close());

const used: string[] = [];
afterEach(async () => {
  for (const prefix of used.splice(0)) await deleteKeys(connection!.client, prefix);
});

/** A saver on the shared connection with a fresh prefix, cleaned after the test. */
function newSaver(options: ConstructorParameters<typeof RedisSaver>[0] = {}): RedisSaver {
  const keyPrefix = options.keyPrefix ?? testPrefix("saver");
  used.push(keyPrefix);
  return new RedisSaver({ connection, ...options, keyPrefix });
}

const thread = (thread_id: string, more: Record<string, string> = {}): RunnableConfig => ({
  configurable: { thread_id, ...more },
});
const meta = (step: number) => ({ source: "loop" as const, step, parents: {} });

function checkpointOf(
  values: Record<string, unknown>,
  versions: Record<string, number>,
): Checkpoint {
  return {
    ...emptyCheckpoint(),
    id: uuid6(),
    channel_values: values,
    channel_versions: versions,
  };
}

/** The error `call` rejects with (fails the test when it resolves). */
async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe.skipIf(!redis.available)("RedisSaver on a real Redis", () => {
  describe("setup and layout version", () => {
    it("is idempotent and records the layout it writes", async () => {
      const saver = newSaver();
      await saver.setup();
      await saver.setup();
      await newSaver({ keyPrefix: saver.keyPrefix }).setup();
      const layout = globalKey(saver.keyPrefix, "saver", "layout");
      expect(await connection!.client.get(layout)).toBe("1");
      expect(await keysUnder(connection!.client, saver.keyPrefix)).toEqual([layout]);
    });

    it("refuses keys written by a newer layout, naming the server, and writes nothing", async () => {
      const keyPrefix = testPrefix("newer");
      used.push(keyPrefix);
      await connection!.client.set(globalKey(keyPrefix, "saver", "layout"), "2");
      const saver = newSaver({ keyPrefix });
      const error = await rejection(() => saver.put(thread("t"), emptyCheckpoint(), meta(0), {}));
      expect(error).toBeInstanceOf(RedisDatabaseError);
      expect((error as RedisDatabaseError).reason).toBe("newer_schema");
      expect((error as RedisDatabaseError).code).toBe("SAVER_ERROR");
      expect((error as RedisDatabaseError).details.address).toBe(connection!.address);
      expect((error as Error).message).toContain(connection!.address);
      expect(await keysUnder(connection!.client, keyPrefix)).toHaveLength(1);
    });
  });

  describe("key layout", () => {
    it("keeps each thread under one hash tag and only under its prefix", async () => {
      const saver = newSaver();
      const first = await saver.put(thread("a"), checkpointOf({ x: 1 }, { x: 1 }), meta(0), {
        x: 1,
      });
      await saver.putWrites(first, [["x", 2]], "task");
      await saver.put(
        thread("a", { checkpoint_ns: "child:1" }),
        checkpointOf({ y: 1 }, { y: 1 }),
        meta(0),
        {
          y: 1,
        },
      );
      await saver.put(thread("b}:cp"), checkpointOf({ z: 1 }, { z: 1 }), meta(0), { z: 1 });
      const keys = await keysUnder(connection!.client, saver.keyPrefix);
      const tags = new Set<string>();
      for (const key of keys) {
        if (key.startsWith(saver.keyPrefix)) continue; // the global index keys
        expect(key.startsWith(`{${saver.keyPrefix}thread:`)).toBe(true);
        tags.add(key.slice(1, key.indexOf("}")));
      }
      // Thread "b}:cp" cuts its own tag short, but all its keys still share it.
      expect([...tags].sort()).toEqual([
        `${saver.keyPrefix}thread:a`,
        `${saver.keyPrefix}thread:b`,
      ]);
      expect(keys.filter((key) => key.startsWith(saver.keyPrefix)).sort()).toEqual(
        ["checkpoints", "layout", "threads"].map((part) =>
          globalKey(saver.keyPrefix, "saver", part),
        ),
      );
    });

    it("deleteThread leaves no key of the thread and no index entry", async () => {
      const saver = newSaver();
      const config = await saver.put(thread("gone"), checkpointOf({ x: 1 }, { x: 1 }), meta(0), {
        x: 1,
      });
      await saver.putWrites(config, [["x", 2]], "task");
      await saver.put(thread("kept"), checkpointOf({ x: 1 }, { x: 1 }), meta(0), { x: 1 });
      await saver.deleteThread("gone");
      const keys = await keysUnder(connection!.client, saver.keyPrefix);
      expect(keys.some((key) => key.includes("thread:gone"))).toBe(false);
      const index = await connection!.client.zrange(
        globalKey(saver.keyPrefix, "saver", "checkpoints"),
        0,
        -1,
      );
      expect(index).toHaveLength(1);
      expect(index[0]).toContain('"kept"');
      expect(
        await connection!.client.zrange(globalKey(saver.keyPrefix, "saver", "threads"), 0, -1),
      ).toEqual(["kept"]);
    });

    it("lets two prefixes share one Redis without seeing each other", async () => {
      const one = newSaver();
      const two = newSaver();
      await one.put(thread("same"), checkpointOf({ owner: "one" }, { owner: 1 }), meta(0), {
        owner: 1,
      });
      await two.put(thread("same"), checkpointOf({ owner: "two" }, { owner: 1 }), meta(0), {
        owner: 1,
      });
      expect((await one.getTuple(thread("same")))?.checkpoint.channel_values).toEqual({
        owner: "one",
      });
      const listed = [];
      for await (const tuple of two.list({})) listed.push(tuple.checkpoint.channel_values);
      expect(listed).toEqual([{ owner: "two" }]);
      await one.deleteThread("same");
      expect((await two.getTuple(thread("same")))?.checkpoint.channel_values).toEqual({
        owner: "two",
      });
    });

    it("stores an unchanged value once, and prune removes only values nothing uses", async () => {
      const saver = newSaver();
      const big = { history: Array.from({ length: 100 }, (_, i) => `line ${i}`) };
      let config = await saver.put(
        thread("t"),
        checkpointOf({ big, n: 0 }, { big: 1, n: 1 }),
        meta(0),
        { big: 1, n: 1 },
      );
      for (let n = 1; n <= 3; n++) {
        config = await saver.put(config, checkpointOf({ big, n }, { big: 1, n: n + 1 }), meta(n), {
          n: n + 1,
        });
      }
      const values = threadKeys(saver.keyPrefix, "t")[6]!;
      expect(await connection!.client.hlen(values)).toBe(1 + 4);
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ big, n: 3 });
      expect(await saver.prune(["t"], { keepLast: 1 })).toEqual({ checkpoints: 3, writes: 0 });
      // `big` was stored by the first checkpoint, which is gone, but the last one uses it.
      expect(await connection!.client.hlen(values)).toBe(2);
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ big, n: 3 });
    });
  });

  describe("bad input", () => {
    it("rejects a missing client, two connections and a bad key prefix with INVALID_CONFIG", () => {
      const invalid = (make: () => unknown) => {
        let error: unknown;
        try {
          make();
        } catch (caught) {
          error = caught;
        }
        expect(WeftError.hasCode(error, "INVALID_CONFIG"), String(error)).toBe(true);
      };
      invalid(() => new RedisSaver({}));
      invalid(() => new RedisSaver({ connection, client: connection!.client }));
      for (const keyPrefix of ["", "{app}:", "a\u0000b"]) {
        invalid(() => new RedisSaver({ connection, keyPrefix }));
      }
      invalid(() => new RedisSaver({ connection, keyPrefix: 42 as unknown as string }));
    });

    it("rejects NUL in a namespace or checkpoint id with INVALID_CONFIG, writing nothing", async () => {
      const saver = newSaver();
      const bad = [
        () => saver.put(thread("t", { checkpoint_ns: "a\u0000b" }), emptyCheckpoint(), meta(0), {}),
        () => saver.put(thread("t"), { ...emptyCheckpoint(), id: "x\u0000y" }, meta(0), {}),
      ];
      for (const call of bad) {
        expect(WeftError.hasCode(await rejection(call), "INVALID_CONFIG")).toBe(true);
      }
      expect(await saver.getTuple(thread("t", { checkpoint_ns: "a\u0000b" }))).toBeUndefined();
      expect(await keysUnder(connection!.client, saver.keyPrefix)).toEqual([]);
    });

    it("fails fast with the address when nothing listens there", async () => {
      const port = await freePort();
      const error = await rejection(() => RedisSaver.fromUrl(`redis://127.0.0.1:${port}`));
      expect(error).toBeInstanceOf(RedisDatabaseError);
      expect((error as RedisDatabaseError).reason).toBe("unreachable");
      expect((error as RedisDatabaseError).details.address).toBe(`127.0.0.1:${port}`);
      expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    });

    it("fails with reason auth for a wrong or missing password, never showing it", async () => {
      const server = await startPrivateRedis({ password: "right-horse-battery" });
      try {
        const address = `127.0.0.1:${server.port}`;
        for (const url of [`redis://:wrong-staple@${address}`, `redis://${address}`]) {
          const error = await rejection(() => RedisSaver.fromUrl(url));
          expect(error).toBeInstanceOf(RedisDatabaseError);
          expect((error as RedisDatabaseError).reason).toBe("auth");
          expect((error as Error).message).toContain(address);
          const shown = `${(error as Error).message} ${JSON.stringify((error as RedisDatabaseError).details)} ${String((error as Error).cause)}`;
          expect(shown).not.toContain("wrong-staple");
          expect(shown).not.toContain("right-horse");
        }
        const saver = await RedisSaver.fromUrl(server.url);
        const config = await saver.put(thread("t"), checkpointOf({ a: 1 }, { a: 1 }), meta(0), {
          a: 1,
        });
        expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 1 });
        await saver.close();
        expect(saver.connection.client.status).toBe("end");
      } finally {
        await server.stop();
      }
    });
  });

  it("runs its scripts again after the server forgot them (SCRIPT FLUSH)", async () => {
    const server = await startPrivateRedis();
    const saver = await RedisSaver.fromUrl(server.url);
    try {
      const first = await saver.put(thread("t"), checkpointOf({ a: 1 }, { a: 1 }), meta(0), {
        a: 1,
      });
      await saver.connection.client.script("FLUSH");
      const second = await saver.put(first, checkpointOf({ a: 1, b: 2 }, { a: 1, b: 1 }), meta(1), {
        b: 1,
      });
      await saver.connection.client.script("FLUSH");
      await saver.putWrites(second, [["b", 3]], "task");
      await saver.connection.client.script("FLUSH");
      const listed = [];
      for await (const tuple of saver.list(thread("t"))) listed.push(tuple);
      expect(listed.map((tuple) => tuple.checkpoint.channel_values)).toEqual([
        { a: 1, b: 2 },
        { a: 1 },
      ]);
      expect(listed[0]?.pendingWrites).toEqual([["task", "b", 3]]);
    } finally {
      await saver.close();
      await server.stop();
    }
  });

  it("sweep removes the keys and index entries of expired threads", async () => {
    let time = 1_000_000;
    const saver = newSaver({ threadTtl: { ttlMs: 1_000 }, now: () => time });
    const config = await saver.put(thread("old"), checkpointOf({ a: 1 }, { a: 1 }), meta(0), {
      a: 1,
    });
    await saver.putWrites(config, [["a", 2]], "task");
    time += 600;
    await saver.put(thread("young"), checkpointOf({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    time += 600;
    expect(await saver.sweep()).toEqual({ threads: 1 });
    const keys = await keysUnder(connection!.client, saver.keyPrefix);
    expect(keys.some((key) => key.includes("thread:old"))).toBe(false);
    expect(keys.some((key) => key.includes("thread:young"))).toBe(true);
    const index = await connection!.client.zrange(
      globalKey(saver.keyPrefix, "saver", "checkpoints"),
      0,
      -1,
    );
    expect(index.map((member) => member.includes('"young"'))).toEqual([true]);
  });

  it("runs, interrupts and resumes a graph across two processes' savers", async () => {
    const keyPrefix = testPrefix("graph");
    used.push(keyPrefix);
    const State = Annotation.Root({
      log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
    });
    const build = (checkpointer: RedisSaver) =>
      new StateGraph(State)
        .addNode("draft", () => ({ log: ["draft"] }))
        .addNode("approve", () => {
          const answer = interrupt({ question: "publish?" }) as string;
          return { log: [`approved: ${answer}`] };
        })
        .addNode("publish", () => ({ log: ["publish"] }))
        .addEdge(START, "draft")
        .addEdge("draft", "approve")
        .addEdge("approve", "publish")
        .addEdge("publish", END)
        .compile({ checkpointer });
    const config = thread("run-1");
    const first = newSaver({ keyPrefix });
    const paused = await build(first).invoke({ log: ["start"] }, config);
    expect(paused.log).toEqual(["start", "draft"]);
    expect((paused as Record<string, unknown>)[INTERRUPT]).toHaveLength(1);

    // Another process: its own connection, the same prefix.
    const second = await RedisSaver.fromUrl(REDIS_URL, { keyPrefix });
    try {
      const graph = build(second);
      expect((await graph.getState(config)).next).toEqual(["approve"]);
      const done = await graph.invoke(new Command({ resume: "yes" }), config);
      expect(done.log).toEqual(["start", "draft", "approved: yes", "publish"]);
      const history = [];
      for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
      expect(history.length).toBeGreaterThanOrEqual(4);
      expect(history[0]?.values.log).toEqual(done.log);
    } finally {
      await second.close();
    }
  });
});
