import {
  type CheckpointTuple,
  emptyCheckpoint,
  type RunnableConfig,
  uuid6,
} from "@weft/checkpoint";
import { requireService } from "@weft/conformance";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RedisConnection } from "../src/connection.ts";
import { RedisSaver } from "../src/saver.ts";
import { deleteKeys, REDIS_SERVICE, REDIS_URL, testPrefix } from "./redis-fixtures.ts";

const redis = await requireService(REDIS_SERVICE);
const connection = redis.available ? await RedisConnection.fromUrl(REDIS_URL) : undefined;
afterAll(() => connection?.close());

const used: string[] = [];
afterEach(async () => {
  for (const prefix of used.splice(0)) await deleteKeys(connection!.client, prefix);
});

function newSaver(): RedisSaver {
  const keyPrefix = testPrefix("saver-paging");
  used.push(keyPrefix);
  return new RedisSaver({ connection, keyPrefix });
}

const config = (thread_id: string, more: Record<string, string> = {}): RunnableConfig => ({
  configurable: { thread_id, ...more },
});

async function collect(iterable: AsyncIterable<CheckpointTuple>): Promise<CheckpointTuple[]> {
  const out: CheckpointTuple[] = [];
  for await (const tuple of iterable) out.push(tuple);
  return out;
}

const ids = (tuples: readonly CheckpointTuple[]) => tuples.map((tuple) => tuple.checkpoint.id);

/**
 * 600 checkpoints in one thread, alternating between two namespaces, each a child of
 * the previous one of its namespace; every 7th is marked in its metadata.
 */
async function longThread(saver: RedisSaver) {
  const saved: { id: string; ns: string; step: number }[] = [];
  const last = new Map<string, RunnableConfig>();
  for (let step = 0; step < 600; step++) {
    const ns = step % 2 === 0 ? "" : "child:1";
    const parent = last.get(ns) ?? config("t", { checkpoint_ns: ns });
    const id = uuid6();
    const stored = await saver.put(
      parent,
      {
        ...emptyCheckpoint(),
        id,
        channel_values: { step, shared: "unchanged" },
        channel_versions: { step: step + 1, shared: 1 },
      },
      { source: "loop", step, parents: {}, ...(step % 7 === 0 ? { marked: true } : {}) },
      step < 2 ? { step: step + 1, shared: 1 } : { step: step + 1 },
    );
    last.set(ns, stored);
    saved.push({ id, ns, step });
  }
  return saved.reverse(); // newest first
}

describe.skipIf(!redis.available)("RedisSaver list over many pages", () => {
  it("pages through a long thread newest first, whole and by namespace", async () => {
    const saver = newSaver();
    const saved = await longThread(saver);
    const all = await collect(saver.list(config("t")));
    expect(ids(all)).toEqual(saved.map((s) => s.id));
    expect(all.at(-1)?.checkpoint.channel_values).toEqual({ step: 0, shared: "unchanged" });
    const child = await collect(saver.list(config("t", { checkpoint_ns: "child:1" })));
    expect(ids(child)).toEqual(saved.filter((s) => s.ns === "child:1").map((s) => s.id));
    expect(await collect(saver.list({}))).toHaveLength(600);
  });

  it("combines before, limit and a filter across page boundaries", async () => {
    const saver = newSaver();
    const saved = await longThread(saver);
    const marked = saved.filter((s) => s.step % 7 === 0);
    const filtered = await collect(saver.list(config("t"), { filter: { marked: true } }));
    expect(ids(filtered)).toEqual(marked.map((s) => s.id));
    const cursor = saved[400]!;
    const page = await collect(
      saver.list(config("t"), {
        before: config("t", { checkpoint_ns: cursor.ns, checkpoint_id: cursor.id }),
        limit: 5,
      }),
    );
    expect(ids(page)).toEqual(saved.slice(401, 406).map((s) => s.id));
    const rootOnly = saved.filter((s) => s.ns === "");
    const rootPage = await collect(
      saver.list(config("t", { checkpoint_ns: "" }), {
        before: config("t", { checkpoint_ns: "", checkpoint_id: rootOnly[150]!.id }),
        filter: { marked: true },
        limit: 4,
      }),
    );
    expect(ids(rootPage)).toEqual(
      rootOnly
        .slice(151)
        .filter((s) => s.step % 7 === 0)
        .slice(0, 4)
        .map((s) => s.id),
    );
    const everywhere = await collect(
      saver.list({}, { before: config("t", { checkpoint_id: cursor.id }), limit: 300 }),
    );
    expect(ids(everywhere)).toEqual(saved.slice(401).map((s) => s.id));
  });

  it("keeps every checkpoint whole while puts race with prunes", async () => {
    const saver = newSaver();
    const big = { text: "shared value ".repeat(1000) };
    let head = await saver.put(
      config("t"),
      {
        ...emptyCheckpoint(),
        id: uuid6(),
        channel_values: { big, n: 0 },
        channel_versions: { big: 1, n: 1 },
      },
      { source: "loop", step: 0, parents: {} },
      { big: 1, n: 1 },
    );
    const writer = (async () => {
      for (let n = 1; n <= 60; n++) {
        head = await saver.put(
          head,
          {
            ...emptyCheckpoint(),
            id: uuid6(),
            channel_values: { big, n },
            channel_versions: { big: 1, n: n + 1 },
          },
          { source: "loop", step: n, parents: {} },
          { n: n + 1 },
        );
      }
    })();
    const pruner = (async () => {
      for (let i = 0; i < 30; i++) await saver.prune(["t"], { keepLast: 1 });
    })();
    await Promise.all([writer, pruner]);
    for (const tuple of await collect(saver.list(config("t")))) {
      expect(tuple.checkpoint.channel_values.big).toEqual(big);
    }
    expect((await saver.getTuple(config("t")))?.checkpoint.channel_values).toEqual({ big, n: 60 });
  });
});
