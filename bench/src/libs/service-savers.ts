import type { SaverLike } from "./bench-lib.ts";
import { deferCleanup } from "./cleanup.ts";
import type { SaverEntry } from "./savers.ts";

/** Where the service savers connect (the same variables as the packages' tests). */
const POSTGRES_URL = process.env.WEFT_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.WEFT_REDIS_URL ?? "redis://127.0.0.1:6379";
const MONGODB_URL =
  process.env.WEFT_MONGODB_URL ?? "mongodb://127.0.0.1:27017/?directConnection=true";

let made = 0;
/** A name no other saver of this run (or of a concurrent run) uses. */
const isolated = (kind: string) => `weft_bench_${kind}_${process.pid}_${made++}`;

/** A fresh schema for one saver, dropped at the end of the child. */
async function postgresSchema(): Promise<string> {
  const schema = isolated("pg");
  const pg = (await import("pg")).default;
  deferCleanup(async () => {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  return schema;
}

/** Deletes every key that contains `prefix` (a SCAN: fine for a benchmark's own keys). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const { Redis } = await import("ioredis");
  const client = new Redis(REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `*${prefix}*`, "COUNT", 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
  await client.quit();
}

/** A fresh database for one saver, dropped at the end of the child. */
async function mongoDatabase(): Promise<string> {
  const dbName = isolated("mongo");
  const { MongoClient } = await import("mongodb");
  deferCleanup(async () => {
    const client = new MongoClient(MONGODB_URL);
    await client.db(dbName).dropDatabase();
    await client.close();
  });
  return dbName;
}

/** Weft's PostgresSaver, with or without named prepared statements. */
async function weftPostgres(preparedStatements: boolean): Promise<SaverLike> {
  const { PostgresSaver } = await import("@weft/checkpoint-postgres");
  const schema = await postgresSchema();
  const saver = PostgresSaver.fromConnString(POSTGRES_URL, { schema, preparedStatements });
  await saver.setup();
  deferCleanup(() => saver.close());
  return saver as unknown as SaverLike;
}

/** The peer's PostgresSaver (it has one mode: unnamed statements). */
async function peerPostgres(): Promise<SaverLike> {
  const { PostgresSaver } = await import("@langchain/langgraph-checkpoint-postgres");
  const saver = PostgresSaver.fromConnString(POSTGRES_URL, { schema: await postgresSchema() });
  await saver.setup();
  deferCleanup(() => saver.end());
  return saver as unknown as SaverLike;
}

/**
 * Savers on network services, for `saver_raw` only: the graph scenarios measure the
 * engine and stay on the embedded savers. Each saver gets its own schema / key prefix /
 * database, removed when the child ends.
 */
export const SERVICE_SAVERS: readonly SaverEntry[] = [
  {
    name: "postgres",
    label: "PostgresSaver",
    create: { weft: () => weftPostgres(false), peer: peerPostgres },
  },
  {
    // Weft's opt-in for direct connections; the peer has no such mode.
    name: "postgres-prepared",
    label: "PostgresSaver, Weft preparedStatements",
    create: { weft: () => weftPostgres(true), peer: peerPostgres },
  },
  {
    name: "redis",
    label: "RedisSaver",
    unavailable: {
      peer: "@langchain/langgraph-checkpoint-redis needs the RedisJSON and RediSearch modules (Redis Stack / Redis 8); this machine has plain Redis 7",
    },
    create: {
      weft: async () => {
        const { RedisSaver } = await import("@weft/checkpoint-redis");
        const keyPrefix = `${isolated("redis")}:`;
        const saver = await RedisSaver.fromUrl(REDIS_URL, { keyPrefix });
        deferCleanup(async () => {
          await saver.close();
          await deleteRedisKeys(keyPrefix);
        });
        return saver as unknown as SaverLike;
      },
    },
  },
  {
    // The MongoDB API here is FerretDB (scripts/services/ferretdb.sh), for both libraries.
    name: "mongodb",
    // FerretDB serves a few hundred operations a second here: 500 checkpoints, not 5,000.
    label: "MongoDBSaver (FerretDB, 500 checkpoints)",
    sizes: { checkpoints: 500 },
    create: {
      weft: async () => {
        const { MongoDBSaver } = await import("@weft/checkpoint-mongodb");
        const saver = MongoDBSaver.fromConnString(MONGODB_URL, { dbName: await mongoDatabase() });
        await saver.setup();
        deferCleanup(() => saver.close());
        return saver as unknown as SaverLike;
      },
      peer: async () => {
        const { MongoClient } = await import("mongodb");
        const { MongoDBSaver } = await import("@langchain/langgraph-checkpoint-mongodb");
        const client = new MongoClient(MONGODB_URL);
        deferCleanup(() => client.close());
        const saver = new MongoDBSaver({ client: client as never, dbName: await mongoDatabase() });
        return saver as unknown as SaverLike;
      },
    },
  },
];
