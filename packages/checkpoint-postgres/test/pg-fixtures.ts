import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  emptyCheckpoint,
  type RunnableConfig,
  uuid6,
} from "@weft/checkpoint";
import pg from "pg";

/** Where the integration tests find PostgreSQL: `WEFT_POSTGRES_URL`, or the machine's default. */
export const POSTGRES_URL =
  process.env.WEFT_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** How `requireService` reaches the server (from {@link POSTGRES_URL}). */
export const POSTGRES_SERVICE = (() => {
  const url = new URL(POSTGRES_URL);
  return {
    name: "postgres",
    host: url.hostname,
    port: Number(url.port || 5432),
    howToStart: "pg_ctlcluster --skip-systemctl-redirect 15 main start",
  };
})();

let schemas = 0;

/**
 * A schema name no other test run uses (process id, time, counter), so runs never
 * collide; drop it with {@link dropSchema}.
 */
export function freshSchema(label = "saver"): string {
  return `weft_t_${label}_${process.pid}_${Date.now().toString(36)}_${schemas++}`;
}

/** A pool on the test database; the caller ends it. */
export function testPool(config: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4, ...config });
  pool.on("error", () => {});
  return pool;
}

/** Drops a schema made by {@link freshSchema}, with everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
}

/** A checkpoint with the given values and versions and a fresh id. */
export function checkpoint(values: Record<string, unknown>, versions: ChannelVersions): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(), channel_values: values, channel_versions: versions };
}

/** Loop metadata of a step. */
export const meta = (step: number): CheckpointMetadata => ({ source: "loop", step, parents: {} });

/** The config of a thread. */
export const thread = (thread_id: string): RunnableConfig => ({ configurable: { thread_id } });
