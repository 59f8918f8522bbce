import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  ERROR,
  emptyCheckpoint,
  type RunnableConfig,
  uuid6,
  WeftError,
} from "@weft/checkpoint";
import { Binary, MongoClient } from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import type { ServerFeatures } from "../src/connection.ts";
import { MongoDatabaseError } from "../src/errors.ts";
import { MongoDBSaver } from "../src/saver.ts";
import { SAVER_INDEXES, SAVER_LAYOUT_VERSION } from "../src/saver-layout.ts";
import type { IdReadMode } from "../src/saver-values.ts";
import { freshDbName, MONGODB_URL, requireMongo } from "./fixtures/mongodb.ts";

const mongodb = await requireMongo();

function checkpoint(values: Record<string, unknown>, versions: ChannelVersions): Checkpoint {
  return {
    ...emptyCheckpoint(),
    id: uuid6(-1),
    channel_values: values,
    channel_versions: versions,
  };
}
const meta = (step: number, extra: Record<string, unknown> = {}): CheckpointMetadata => ({
  source: "loop",
  step,
  parents: {},
  ...extra,
});
const thread = (thread_id: string, more: Record<string, string> = {}): RunnableConfig => ({
  configurable: { thread_id, ...more },
});
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Reads by `$in` batches and finds the latest with an indexed query, whatever the server. */
class BatchModeSaver extends MongoDBSaver {
  protected override idReadMode(_features: ServerFeatures): IdReadMode {
    return "batch";
  }
}
/** Reads by `_id` one at a time and keeps the head log, whatever the server. */
class PointModeSaver extends MongoDBSaver {
  protected override idReadMode(_features: ServerFeatures): IdReadMode {
    return "point";
  }
}

const opened: { saver: MongoDBSaver; drop: boolean }[] = [];
function open(
  options: { dbName?: string; drop?: boolean; kind?: typeof MongoDBSaver } = {},
): MongoDBSaver {
  const Kind = options.kind ?? MongoDBSaver;
  const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 5_000 });
  const saver = new Kind({ client, dbName: options.dbName ?? freshDbName() });
  opened.push({ saver, drop: options.drop ?? true });
  return saver;
}
afterEach(async () => {
  for (const { saver, drop } of opened.splice(0)) {
    if (drop) await saver.connection.db.dropDatabase();
    await saver.connection.client.close();
  }
});

describe.skipIf(!mongodb.available)("MongoDBSaver setup", () => {
  it("creates its indexes once: setup is idempotent, across savers too", async () => {
    const dbName = freshDbName();
    const saver = open({ dbName });
    await saver.setup();
    await saver.setup();
    await open({ dbName, drop: false }).setup();
    const db = saver.connection.db;
    const names = async (collection: string) =>
      (await db.collection(collection).indexes()).map((index) => index.name).sort();
    expect(await names("checkpoints")).toEqual(
      ["_id_", ...SAVER_INDEXES.checkpoints.map((index) => index.name!)].sort(),
    );
    expect(await names("checkpoint_writes")).toEqual(
      ["_id_", ...SAVER_INDEXES.writes.map((index) => index.name!)].sort(),
    );
    expect(await db.collection("weft_layout").find().toArray()).toEqual([
      { _id: "checkpoints:checkpoints", version: SAVER_LAYOUT_VERSION },
    ]);
  });

  it("sets up from several processes at once on a fresh database", async () => {
    const dbName = freshDbName();
    const savers = [open({ dbName }), open({ dbName, drop: false }), open({ dbName, drop: false })];
    await Promise.all(savers.map((saver) => saver.setup()));
    const indexes = await savers[0]!.connection.db.collection("checkpoints").indexes();
    expect(indexes).toHaveLength(SAVER_INDEXES.checkpoints.length + 1);
  });

  it("starts the TTL clock of threads written without a TTL when a saver with one sets up", async () => {
    const dbName = freshDbName();
    const plain = open({ dbName });
    await plain.put(thread("old"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    let clock = 1_000_000;
    const client = new MongoClient(MONGODB_URL);
    const expiring = new MongoDBSaver({
      client,
      dbName,
      threadTtl: { ttlMs: 60_000 },
      now: () => clock,
    });
    opened.push({ saver: expiring, drop: false });
    await expiring.setup();
    const record = await expiring.connection.db.collection("checkpoint_threads").findOne({});
    expect(record).toEqual({ _id: "old", touched_at: 1_000_000 });
    clock += 59_999;
    expect((await expiring.getTuple(thread("old")))?.checkpoint.channel_values).toEqual({ a: 1 });
    clock += 60_000;
    expect(await expiring.getTuple(thread("old"))).toBeUndefined();
    expect(await plain.connection.db.collection("checkpoints").countDocuments()).toBe(0);
  });

  it("uses the collection names it is given", async () => {
    const client = new MongoClient(MONGODB_URL);
    const dbName = freshDbName();
    const saver = new MongoDBSaver({
      client,
      dbName,
      checkpointCollectionName: "my_checkpoints",
      checkpointWritesCollectionName: "my_writes",
      checkpointValuesCollectionName: "my_values",
    });
    opened.push({ saver, drop: true });
    const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    await saver.putWrites(saved, [["a", 2]], "task");
    const names = (await saver.connection.db.listCollections().toArray()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["my_checkpoints", "my_writes", "my_values"]));
    expect(names).not.toContain("checkpoints");
  });

  it("refuses collections laid out by a newer Weft, writing nothing", async () => {
    const dbName = freshDbName();
    const saver = open({ dbName });
    const db = saver.connection.db;
    await db.collection("weft_layout").insertOne({
      _id: "checkpoints:checkpoints" as never,
      version: SAVER_LAYOUT_VERSION + 1,
    });
    const error = await failureOf(() => saver.put(thread("t"), checkpoint({}, {}), meta(0), {}));
    expect(error).toBeInstanceOf(MongoDatabaseError);
    expect((error as MongoDatabaseError).reason).toBe("newer_schema");
    expect((error as MongoDatabaseError).details.found).toBe(SAVER_LAYOUT_VERSION + 1);
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).toEqual(["weft_layout"]);
  });

  it("detects FerretDB and its missing features", async () => {
    const features = await open().connection.serverFeatures();
    if (features.ferretdb === undefined) {
      expect(features.ttlIndexes).toBe(true);
    } else {
      expect(features.ttlIndexes).toBe(false);
      expect(features.transactions).toBe(false);
    }
    expect(features.maxBsonObjectSize).toBeGreaterThanOrEqual(16 * 1024 * 1024);
  });
});

describe.skipIf(!mongodb.available)("MongoDBSaver bad input", () => {
  it("fails fast and clearly when no server answers, naming the address but not the password", async () => {
    const saver = MongoDBSaver.fromConnString(
      "mongodb://alice:s3cret@127.0.0.1:9/?directConnection=true",
      {
        serverSelectionTimeoutMS: 300,
      },
    );
    try {
      for (const run of [
        () => saver.setup(),
        () => saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 }),
        () => saver.getTuple(thread("t")),
      ]) {
        const error = await failureOf(run);
        expect(WeftError.hasCode(error, "SAVER_ERROR")).toBe(true);
        expect(error).toBeInstanceOf(MongoDatabaseError);
        const failure = error as MongoDatabaseError;
        expect(failure.reason).toBe("unreachable");
        expect(failure.details.address).toBe("127.0.0.1:9");
        expect(failure.message).toContain("127.0.0.1:9");
        expect(JSON.stringify({ m: failure.message, d: failure.details })).not.toContain("s3cret");
      }
    } finally {
      await saver.close();
    }
  });

  it("rejects a malformed connection string with INVALID_CONFIG, without echoing the password", () => {
    let error: unknown;
    try {
      MongoDBSaver.fromConnString("mongodb://bob:hunter2@");
    } catch (caught) {
      error = caught;
    }
    expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it("writes nothing when a value cannot be serialized", async () => {
    const saver = open();
    const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    const bad = checkpoint({ a: 2, fn: () => 1 }, { a: 2, fn: 1 });
    const error = await failureOf(() => saver.put(saved, bad, meta(1), { a: 2, fn: 1 }));
    expect(WeftError.hasCode(error, "SERIALIZATION_ERROR")).toBe(true);
    const writeError = await failureOf(() => saver.putWrites(saved, [["a", Symbol("x")]], "task"));
    expect(WeftError.hasCode(writeError, "SERIALIZATION_ERROR")).toBe(true);
    const db = saver.connection.db;
    expect(await db.collection("checkpoints").countDocuments()).toBe(1);
    expect(await db.collection("checkpoint_values").countDocuments()).toBe(1);
    expect(await db.collection("checkpoint_writes").countDocuments()).toBe(0);
  });

  it("leaves the caller's client open on close", async () => {
    const saver = open();
    await saver.setup();
    await saver.close();
    expect(await saver.connection.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});

describe.skipIf(!mongodb.available)("MongoDBSaver documents", () => {
  it("stores user data as bytes and JSON text: odd channel names and metadata keys round-trip", async () => {
    const saver = open();
    const values = { "a.b": 1, $set: { "x.y": [1, [2, [3]]] }, "": "empty" };
    const versions = { "a.b": 1, $set: 1, "": 1 };
    const metadata = meta(0, { "dotted.key": { $in: [1, 2] }, nested: [[1], [2]] });
    const saved = await saver.put(thread("t"), checkpoint(values, versions), metadata, versions);
    await saver.putWrites(saved, [["$set", { "k.k": 1 }]], "task.1");
    const tuple = await saver.getTuple(saved);
    expect(tuple?.checkpoint.channel_values).toEqual(values);
    expect(tuple?.checkpoint.channel_versions).toEqual(versions);
    expect(tuple?.metadata).toEqual(metadata);
    expect(tuple?.pendingWrites).toEqual([["task.1", "$set", { "k.k": 1 }]]);
    expect(
      await collect(saver.list({}, { filter: { "dotted.key": { $in: [1, 2] } } })),
    ).toHaveLength(1);
    const stored = await saver.connection.db.collection("checkpoints").findOne({});
    expect(stored?.metadata).toBeInstanceOf(Binary);
    expect(typeof stored?.versions).toBe("string");
    for (const doc of await saver.connection.db.collection("checkpoint_values").find().toArray()) {
      expect(doc.data).toBeInstanceOf(Binary);
    }
  });

  it("a put whose shared values vanished (a racing prune) writes them again", async () => {
    const saver = open();
    const parent = await saver.put(
      thread("t"),
      checkpoint({ a: 1, b: "shared" }, { a: 1, b: 1 }),
      meta(0),
      { a: 1, b: 1 },
    );
    const values = saver.connection.db.collection("checkpoint_values");
    // What a prune's clean-up running between the parent read and the commit would do.
    await values.deleteOne({ channel: "b" });
    const child = await saver.put(
      parent,
      checkpoint({ a: 2, b: "shared" }, { a: 2, b: 1 }),
      meta(1),
      {
        a: 2,
      },
    );
    expect((await saver.getTuple(child))?.checkpoint.channel_values).toEqual({ a: 2, b: "shared" });
    expect(
      await values.countDocuments({
        channel: "b",
        checkpoint_id: child.configurable!.checkpoint_id!,
      }),
    ).toBe(1);
  });

  it("refuses to return a checkpoint whose values are gone while it exists", async () => {
    const saver = open();
    const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    await saver.connection.db.collection("checkpoint_values").deleteMany({});
    const error = await failureOf(() => saver.getTuple(saved));
    expect(error).toBeInstanceOf(MongoDatabaseError);
    expect((error as MongoDatabaseError).reason).toBe("driver");
  });

  it("keeps a checkpoint's writes in arrival order, retries resolved", async () => {
    const saver = open();
    const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    await saver.putWrites(saved, [["a", "z first"]], "task-z");
    await saver.putWrites(
      saved,
      [
        ["a", "a second"],
        [ERROR, "boom 1"],
      ],
      "task-a",
    );
    await saver.putWrites(
      saved,
      [
        ["a", "a retried"],
        [ERROR, "boom 2"],
      ],
      "task-a",
    );
    expect((await saver.getTuple(saved))?.pendingWrites).toEqual([
      ["task-z", "a", "z first"],
      ["task-a", "a", "a second"],
      ["task-a", ERROR, "boom 2"],
    ]);
  });
});

for (const [mode, Kind] of [
  ["batch", BatchModeSaver],
  ["point", PointModeSaver],
] as const) {
  describe.skipIf(!mongodb.available)(`MongoDBSaver reading in ${mode} mode`, () => {
    it("finds the latest of each namespace, lists and pages, and prunes", async () => {
      const saver = open({ kind: Kind });
      let parent = thread("t");
      const ids: string[] = [];
      for (let step = 0; step < 5; step++) {
        parent = await saver.put(
          parent,
          checkpoint({ n: step, big: "b" }, { n: step + 1, big: 1 }),
          meta(step),
          step === 0 ? { n: 1, big: 1 } : { n: step + 1 },
        );
        await saver.putWrites(parent, [["n", step * 10]], `task-${step}`);
        ids.push(parent.configurable!.checkpoint_id!);
      }
      await saver.put(
        thread("t", { checkpoint_ns: "sub" }),
        checkpoint({ s: 1 }, { s: 1 }),
        meta(0),
        { s: 1 },
      );
      const latest = await saver.getTuple(thread("t"));
      expect(latest?.checkpoint.id).toBe(ids[4]);
      expect(latest?.checkpoint.channel_values).toEqual({ n: 4, big: "b" });
      expect(latest?.pendingWrites).toEqual([["task-4", "n", 40]]);
      expect(
        (await saver.getTuple(thread("t", { checkpoint_ns: "sub" })))?.checkpoint.channel_values,
      ).toEqual({ s: 1 });
      const listed = await collect(saver.list(thread("t", { checkpoint_ns: "" })));
      expect(listed.map((t) => t.checkpoint.id)).toEqual([...ids].reverse());
      expect(listed.map((t) => t.pendingWrites)).toEqual(
        [4, 3, 2, 1, 0].map((step) => [[`task-${step}`, "n", step * 10]]),
      );
      expect(await collect(saver.list(thread("t")))).toHaveLength(6);
      expect(
        (
          await collect(
            saver.list(thread("t"), { before: thread("t", { checkpoint_id: ids[2]! }), limit: 1 }),
          )
        )[0]?.checkpoint.id,
      ).toBe(ids[1]);
      expect(await saver.prune(["t"], { keepLast: 2 })).toEqual({ checkpoints: 3, writes: 3 });
      expect((await saver.getTuple(thread("t")))?.checkpoint.channel_values).toEqual({
        n: 4,
        big: "b",
      });
      expect(
        (await collect(saver.list(thread("t", { checkpoint_ns: "" })))).map((t) => t.checkpoint.id),
      ).toEqual([ids[4], ids[3]]);
      await saver.deleteThread("t");
      expect(await saver.getTuple(thread("t"))).toBeUndefined();
      const next = await saver.put(
        thread("t"),
        checkpoint({ again: true }, { again: 1 }),
        meta(0),
        { again: 1 },
      );
      expect((await saver.getTuple(thread("t")))?.config).toEqual(next);
    });

    it("finds the latest after parallel puts, also from a saver that did none of them", async () => {
      const dbName = freshDbName();
      const saver = open({ dbName, kind: Kind });
      const root = await saver.put(thread("t"), checkpoint({ n: -1 }, { n: 1 }), meta(-1), {
        n: 1,
      });
      const planned = Array.from({ length: 12 }, (_, i) => uuid6(i));
      await Promise.all(
        planned.map((id, i) =>
          saver.put(root, { ...checkpoint({ n: i }, { n: i + 2 }), id }, meta(i), { n: i + 2 }),
        ),
      );
      const newest = [...planned].sort().at(-1);
      expect((await saver.getTuple(thread("t")))?.checkpoint.id).toBe(newest);
      const other = open({ dbName, drop: false, kind: Kind });
      expect((await other.getTuple(thread("t")))?.checkpoint.id).toBe(newest);
    });
  });
}
