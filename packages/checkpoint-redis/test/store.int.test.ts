import { ManualClock, requireService } from "@weft/conformance";
import {
  HashingEmbeddings,
  InMemoryStore,
  type Operation,
  type PutOperation,
  type SearchItem,
} from "@weft/store";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RedisDatabaseError } from "../src/errors.ts";
import { RedisStore, type RedisStoreUrlOptions } from "../src/store.ts";
import { keysUnder, REDIS_SERVICE, REDIS_URL, testPrefix } from "./redis-fixtures.ts";

const redis = await requireService(REDIS_SERVICE);
const url = REDIS_URL;

/** Every key under `prefix`, sorted. */
const sortedKeysUnder = async (client: Redis, prefix: string) =>
  (await keysUnder(client, prefix)).sort();

const DIMS = 64;
const index = { embeddings: new HashingEmbeddings({ dims: DIMS }), dims: DIMS, fields: ["text"] };
const WORDS = [
  "pizza",
  "pasta",
  "salad",
  "soup",
  "bread",
  "cheese",
  "apple",
  "tea",
  "rice",
  "fish",
];

/** 1,200 deterministic items over 40 namespaces; some with empty text (a zero vector), some unindexed. */
function items(): PutOperation[] {
  return Array.from({ length: 1200 }, (_, i) => ({
    namespace: ["users", `u${i % 40}`, i % 2 === 0 ? "notes" : "prefs"],
    key: `k${i}`,
    value: {
      text:
        i % 97 === 0
          ? ""
          : `${WORDS[i % 10]} ${WORDS[(i * 7) % 10]} ${WORDS[(i * 3 + 1) % 10]} ${i}`,
      rank: i % 5,
    },
    ...(i % 151 === 0 ? { index: false as const } : {}),
    ...(i % 13 === 0 ? { ttl: 5 } : {}),
  }));
}

/** Results compared exactly, except scores: float32 copies may differ in the 7th decimal. */
function expectSameResults(actual: SearchItem[], expected: SearchItem[], context: string): void {
  const plain = (found: SearchItem[]) =>
    found.map(({ score, ...item }) => ({ ...item, scored: score !== undefined }));
  expect(plain(actual), context).toEqual(plain(expected));
  actual.forEach((item, i) => {
    if (item.score !== undefined) {
      expect(Math.abs(item.score - expected[i]!.score!), context).toBeLessThan(1e-6);
    }
  });
}

describe.skipIf(!redis.available)("RedisStore (Redis-specific)", () => {
  const admin = redis.available ? new Redis(url) : undefined;
  const opened: RedisStore[] = [];
  const prefixes: string[] = [];

  /** A store on a fresh key prefix, closed and wiped after the test. */
  async function open(options: RedisStoreUrlOptions = {}): Promise<RedisStore> {
    const keyPrefix = options.keyPrefix ?? testPrefix("store");
    prefixes.push(keyPrefix);
    const store = await RedisStore.fromUrl(url, { ...options, keyPrefix });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const prefix of prefixes.splice(0)) {
      const keys = await sortedKeysUnder(admin!, prefix);
      if (keys.length > 0) await admin!.del(...keys);
    }
  });
  afterAll(() => admin?.quit());

  it("ranks, filters, pages and expires exactly like InMemoryStore over 1,200 items (mirror and scan)", async () => {
    const clock = new ManualClock();
    const mirrored = await open({ index, now: clock.now });
    const scanning = await open({ index, now: clock.now, vectorCache: false });
    expect([mirrored.vectorSearch, scanning.vectorSearch]).toEqual(["mirror", "scan"]);
    const memory = new InMemoryStore({ index, now: clock.now });
    const all = items();
    for (let i = 0; i < all.length; i += 300) {
      clock.advance(1_000);
      for (const store of [mirrored, scanning, memory]) await store.batch(all.slice(i, i + 300));
    }
    clock.advanceMinutes(6); // the ttl: 5 items are gone
    const searches: { prefix: string[]; options: Parameters<InMemoryStore["search"]>[1] }[] = [
      { prefix: [], options: { query: "pizza cheese", limit: 10 } },
      { prefix: ["users", "u7"], options: { query: "hot soup", limit: 40 } },
      { prefix: ["users", "u4", "notes"], options: { query: "tea", limit: 4, offset: 3 } },
      { prefix: ["users"], options: { query: "bread", limit: 7, filter: { rank: { $gte: 3 } } } },
      // A selective filter: the mirror gives up on checking candidates and scans.
      {
        prefix: [],
        options: { query: "fish", limit: 3, filter: { text: all[1101]!.value!.text } },
      },
      { prefix: ["users"], options: { query: "rice", limit: 20, offset: 1150 } },
      { prefix: [], options: { limit: 30, offset: 900 } },
      { prefix: ["users"], options: { filter: { rank: 2 }, limit: 50, offset: 100 } },
      { prefix: ["users", "u3"], options: { filter: { text: "" }, limit: 5 } },
      { prefix: ["nobody"], options: { query: "tea" } },
    ];
    for (const { prefix, options } of searches) {
      const read = { ...options, refreshTtl: false };
      const expected = await memory.search(prefix, read);
      const context = JSON.stringify({ prefix, options });
      expectSameResults(await mirrored.search(prefix, read), expected, `mirror ${context}`);
      expectSameResults(await scanning.search(prefix, read), expected, `scan ${context}`);
    }
    expect(await mirrored.listNamespaces({ maxDepth: 2, limit: 1000 })).toEqual(
      await memory.listNamespaces({ maxDepth: 2, limit: 1000 }),
    );
    const swept = memory.sweepTtl();
    expect(swept).toBeGreaterThan(0);
    expect(await mirrored.sweepTtl()).toBe(swept);
    expect(await scanning.sweepTtl()).toBe(swept);
  });

  it("keeps the vector mirror of every store on a prefix in step with the others' writes", async () => {
    const writer = await open({ index });
    const reader = await open({ index, keyPrefix: writer.keyPrefix });
    const reference = await open({ index, keyPrefix: writer.keyPrefix, vectorCache: false });
    const texts = ["apple pie", "banana bread", "cherry tart", "date cake", "elder tea"];
    await writer.batch(
      texts.map((text, i) => ({ namespace: ["m", `g${i % 2}`], key: `k${i}`, value: { text } })),
    );
    const same = async (query: string) => {
      for (const prefix of [["m"], ["m", "g1"]]) {
        const expected = await reference.search(prefix, { query });
        expectSameResults(await reader.search(prefix, { query }), expected, query);
      }
    };
    await same("apple"); // the reader's first search loads every vector
    await writer.put(["m", "g0"], "k0", { text: "cherry tart" }); // new text, same item
    await writer.delete(["m", "g1"], "k1");
    await writer.put(["m", "g1"], "k5", { text: "fig jam" });
    await writer.put(["m", "g1"], "k3", { text: "not indexed" }, { index: false });
    await same("cherry");
    const [top] = await reader.search(["m"], { query: "fig jam" });
    expect(top).toMatchObject({ key: "k5" });
    expect(top!.score!).toBeCloseTo(1, 5);

    // A reader too far behind the tombstones kept reads everything again.
    const base = `{${writer.keyPrefix}store:items}:`;
    await writer.delete(["m", "g0"], "k2");
    await admin!.set(`${base}vfloor`, (await admin!.get(`${base}vver`))!);
    await same("cherry");
    expect((await reader.search(["m"], { query: "cherry" })).map((item) => item.key)).not.toContain(
      "k2",
    );
  });

  it("keeps every key under the store's hash tag and leaves only its counters once items are gone", async () => {
    const clock = new ManualClock();
    const store = await open({ index, now: clock.now });
    await store.batch([
      { namespace: ["a", "b"], key: "1", value: { text: "one" } },
      { namespace: ["a", "b"], key: "2", value: { text: "two" }, ttl: 1 },
      { namespace: ["a"], key: "3", value: { text: "three" }, index: false },
      { namespace: ["c"], key: "4", value: { text: "four" }, ttl: 1 },
    ]);
    const tag = `{${store.keyPrefix}store:items}:`;
    const keys = await sortedKeysUnder(admin!, store.keyPrefix);
    expect(keys.every((key) => key.startsWith(tag))).toBe(true);
    // 4 items, 3 vectors, prefix sets all/a/a.b/c, 3 namespace sets + ns, exp, seq, meta,
    // and the vector version with its set of items with vectors.
    expect(keys).toHaveLength(4 + 3 + 4 + 3 + 1 + 1 + 2 + 2);

    await store.batch([
      { namespace: ["a", "b"], key: "1", value: null },
      { namespace: ["a"], key: "3", value: null },
    ]);
    clock.advanceMinutes(2);
    expect(await store.sweepTtl()).toBe(2);
    // Left: counters, and the tombstones other stores' vector copies catch up with.
    expect(await sortedKeysUnder(admin!, store.keyPrefix)).toEqual(
      ["meta", "seq", "vgone", "vver"].map((part) => `${tag}${part}`),
    );
    expect(await store.listNamespaces()).toEqual([]);
  });

  it("keeps its indexes consistent under concurrent writers, deletes, expiry and sweeps", async () => {
    const clock = new ManualClock();
    const a = await open({ index, now: clock.now });
    const b = await open({ index, now: clock.now, keyPrefix: a.keyPrefix });
    let state = 7;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    const operation = (): PutOperation => {
      const namespace = ["c", `n${random(3)}`, ...(random(2) ? ["deep"] : [])];
      const key = `k${random(8)}`;
      if (random(5) === 0) return { namespace, key, value: null };
      return {
        namespace,
        key,
        value: { text: WORDS[random(10)]!, n: random(100) },
        ...(random(3) === 0 ? { index: false as const } : {}),
        ...(random(4) === 0 ? { ttl: 1 + random(3) } : {}),
      };
    };
    for (let round = 0; round < 12; round++) {
      await Promise.all(
        [a, b].flatMap((store) =>
          Array.from({ length: 4 }, () =>
            store.batch(Array.from({ length: 1 + random(4) }, operation)),
          ),
        ),
      );
      clock.advanceMinutes(1);
      if (round % 4 === 3) await (round % 8 === 3 ? a : b).sweepTtl();
    }

    const base = `{${a.keyPrefix}store:items}:`;
    const keys = new Set(await sortedKeysUnder(admin!, a.keyPrefix));
    const items = [...keys].filter((key) => key.startsWith(`${base}item:`));
    const live = new Map<string, Record<string, string>>();
    for (const key of items) live.set(key.slice(`${base}item:`.length), await admin!.hgetall(key));
    let vectors = 0;
    for (const [id, item] of live) {
      const labels = item.ns!.split(".");
      expect(id).toBe(JSON.stringify([...labels, item.key]));
      for (let depth = 0; depth <= labels.length; depth++) {
        const set = depth === 0 ? `${base}all` : `${base}z:${labels.slice(0, depth).join(".")}`;
        expect(await admin!.zscore(set, id)).toBe(item.seq);
      }
      for (let i = 0; i < Number(item.nvec); i++) {
        expect(await admin!.hget(`${base}vec:${item.seq}:${i}`, "item")).toBe(id);
      }
      vectors += Number(item.nvec);
      expect(await admin!.zscore(`${base}exp`, id)).toBe(item.exp === "" ? null : item.exp);
      expect((await admin!.zscore(`${base}vlive`, id)) !== null).toBe(Number(item.nvec) > 0);
    }
    // No orphans: every vector, set member and namespace belongs to a stored item.
    expect([...keys].filter((key) => key.startsWith(`${base}vec:`))).toHaveLength(vectors);
    expect(await admin!.zcard(`${base}all`)).toBe(live.size);
    for (const id of await admin!.zrange(`${base}exp`, 0, -1)) expect(live.has(id)).toBe(true);
    const namespaces = new Set([...live.values()].map((item) => item.ns));
    expect(new Set(await admin!.smembers(`${base}ns`))).toEqual(namespaces);
    // And both stores read the same thing through their own vector copies.
    for (const query of ["pizza", "tea"]) {
      const fromA = await a.search(["c"], { query, limit: 50, refreshTtl: false });
      expectSameResults(
        await b.search(["c"], { query, limit: 50, refreshTtl: false }),
        fromA,
        query,
      );
    }
  });

  it("keeps key prefixes apart; stores on one prefix share their items", async () => {
    const first = await open();
    const sameData = await open({ keyPrefix: first.keyPrefix });
    const other = await open();
    await first.put(["shared"], "k", { v: 1 });
    expect((await sameData.get(["shared"], "k"))!.value).toEqual({ v: 1 });
    expect(await other.get(["shared"], "k")).toBeNull();
    expect(await other.listNamespaces()).toEqual([]);
    await sameData.delete(["shared"], "k");
    expect(await first.get(["shared"], "k")).toBeNull();
  });

  it("stores JSON: a Date comes back as its ISO string; a non-JSON value is refused and writes nothing", async () => {
    const store = await open();
    const when = new Date(Date.UTC(2024, 4, 6, 7, 8, 9));
    await store.put(["j"], "date", { when });
    expect((await store.get(["j"], "date"))!.value).toEqual({ when: when.toISOString() });
    await expect(
      store.batch([
        { namespace: ["j"], key: "ok", value: { v: 1 } },
        { namespace: ["j"], key: "big", value: { n: 10n } },
      ]),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await store.get(["j"], "ok")).toBeNull();
  });

  it("refuses a store holding vectors of another length, or written by a newer layout", async () => {
    const store = await open({ index });
    await store.put(["v"], "k", { text: "hello" });
    const other = { embeddings: new HashingEmbeddings({ dims: 32 }), dims: 32 };
    await expect(open({ keyPrefix: store.keyPrefix, index: other })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: expect.stringContaining("64-dimensional"),
    });

    const newer = await open();
    const meta = `{${newer.keyPrefix}store:items}:meta`;
    await admin!.hset(meta, "layout", "99");
    const error = await open({ keyPrefix: newer.keyPrefix, index }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisDatabaseError);
    expect(error).toMatchObject({ code: "SAVER_ERROR", reason: "newer_schema" });
    expect((error as Error).message).toContain(newer.keyPrefix);
    expect(await admin!.hgetall(meta)).toEqual({ layout: "99" }); // left as it was
  });

  it("fails fast with the address when Redis is unreachable or refuses the credentials", async () => {
    const unreachable = await RedisStore.fromUrl("redis://127.0.0.1:1").catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(RedisDatabaseError);
    expect(unreachable).toMatchObject({ reason: "unreachable" });
    expect((unreachable as Error).message).toContain("127.0.0.1:1");

    const target = new URL(url);
    target.username = "weft-no-such-user";
    target.password = "secret-pw";
    const refused = await RedisStore.fromUrl(target.href).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: "auth" });
    expect((refused as Error).message).toContain(`${target.hostname}:${target.port || 6379}`);
    expect(JSON.stringify(refused)).not.toContain("secret-pw");
    expect((refused as Error).message).not.toContain("secret-pw");
  });

  it("keeps working after its connection is killed (CLIENT KILL), losing nothing", async () => {
    const store = await open({ index });
    await store.put(["k"], "before", { text: "before" });
    const id = await store.connection.client.client("ID");
    // Killed while a put is in flight: ioredis reconnects and sends the put again.
    const during = store.put(["k"], "during", { text: "during" });
    await admin!.client("KILL", "ID", String(id));
    await during;
    await store.put(["k"], "after", { text: "after" });
    const found = await store.search(["k"], { query: "during" });
    expect(found.map((item) => item.key).sort()).toEqual(["after", "before", "during"]);
    expect(found[0]).toMatchObject({ key: "during", value: { text: "during" } });
    expect(found[0]!.score!).toBeCloseTo(1, 5);
  });

  it("runs a batch's reads before its writes and applies the last put of an item", async () => {
    const clock = new ManualClock();
    const store = await open({ now: clock.now });
    await store.put(["b"], "k", { v: 0 });
    clock.advance(1_000);
    const ops: Operation[] = [
      { namespace: ["b"], key: "k", value: { v: 1 } },
      { namespacePrefix: ["b"], limit: 10, offset: 0 },
      { namespace: ["b"], key: "k", value: { v: 2 } },
      { namespace: ["b"], key: "k" },
    ];
    const [, found, , got] = (await store.batch(ops)) as unknown[];
    expect((found as SearchItem[]).map((item) => item.value)).toEqual([{ v: 0 }]);
    expect((got as SearchItem).value).toEqual({ v: 0 });
    const item = await store.get(["b"], "k");
    expect(item!.value).toEqual({ v: 2 });
    expect(item!.updatedAt.getTime() - item!.createdAt.getTime()).toBe(1_000);
  });
});
