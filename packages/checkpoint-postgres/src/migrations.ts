import type { PgConnection, PgQueryable } from "./connection.ts";
import { PostgresDatabaseError } from "./errors.ts";
import { qualify, quoteIdent, quoteLiteral } from "./sql.ts";

/** Which Weft component a migration belongs to; each keeps its own version. */
export type MigrationComponent = "saver" | "store";

/** The table recording which migrations a schema has had. */
export const MIGRATIONS_TABLE = "weft_migrations";

/**
 * One step of a component's schema. `sql` takes the schema name (raw, unquoted) and
 * returns the statements that take the tables from `version - 1` to `version`; build
 * names with `qualify` / `quoteIdent`, never by pasting the name in.
 */
export interface Migration {
  version: number;
  description: string;
  sql: (schema: string) => string;
}

/** What {@link runMigrations} works on. */
export interface MigrationPlan {
  /** Schema holding the tables (raw name; quoted when used). */
  schema: string;
  component: MigrationComponent;
  /** In ascending `version` order from 1; the last one is the version this code needs. */
  migrations: readonly Migration[];
  /**
   * Tables the component creates (unqualified names). Finding one of them in a schema
   * that has no record of the component means someone else's table: refused as `foreign`.
   */
  tables: readonly string[];
  /** Whether the schema may be created when missing. @default true */
  createSchema?: boolean;
}

/** What {@link runMigrations} did. */
export interface MigrationResult {
  /** The version recorded before (0 for a fresh schema). */
  from: number;
  /** The version recorded now (the latest migration's). */
  to: number;
}

/** The version the code of a component expects: its last migration's. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

function migrationsTableSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${qualify(schema, MIGRATIONS_TABLE)} (
  component text NOT NULL,
  version integer NOT NULL,
  description text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (component, version)
);`;
}

/**
 * Brings `plan.component`'s tables in `plan.schema` to the latest version: idempotent,
 * and safe when several processes run it at once (they queue on a transaction-level
 * advisory lock keyed by the schema; the loser finds the work done). A schema already
 * at the latest version costs two reads and needs no privilege beyond `SELECT`, so
 * least-privilege roles can run it once a DBA applied {@link migrationSql}.
 *
 * Nothing is changed when the schema is refused: a recorded version above the code's
 * (`newer_schema`), tables of the component's names that Weft did not record
 * (`foreign`), or, with `createSchema: false`, a schema that does not exist
 * (`missing_schema`).
 *
 * @throws PostgresDatabaseError `SAVER_ERROR` with one of those reasons, or the
 *   connection's own (`unreachable`, `auth`, `driver`).
 */
export async function runMigrations(
  conn: PgConnection,
  plan: MigrationPlan,
): Promise<MigrationResult> {
  const latest = latestVersion(plan.migrations);
  quoteIdent(plan.schema, "schema"); // reject a bad name before touching the server
  const recorded = await readVersion(conn, plan);
  if (recorded !== undefined) {
    refuseNewer(conn, plan, recorded, latest);
    if (recorded === latest) return { from: recorded, to: latest };
  }
  return conn.transaction("setup", async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `weft:migrations:${plan.schema}`,
    ]);
    const schemaExists = await hasSchema(client, plan.schema);
    if (!schemaExists) {
      if (plan.createSchema === false) throw missingSchema(conn, plan);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(plan.schema, "schema")}`);
    }
    if (!(await hasTable(client, plan.schema, MIGRATIONS_TABLE))) {
      await client.query(migrationsTableSql(plan.schema));
    }
    // Read again under the lock: another process may have migrated meanwhile.
    const from = await versionIn(client, plan);
    refuseNewer(conn, plan, from, latest);
    if (from === 0) await refuseForeign(conn, client, plan);
    for (const migration of plan.migrations) {
      if (migration.version <= from) continue;
      await client.query(migration.sql(plan.schema));
      await client.query(
        `INSERT INTO ${qualify(plan.schema, MIGRATIONS_TABLE)} (component, version, description)
         VALUES ($1, $2, $3) ON CONFLICT (component, version) DO NOTHING`,
        [plan.component, migration.version, migration.description],
      );
    }
    return { from, to: latest };
  });
}

/**
 * The SQL of every migration of a component as one script, for a DBA to review and
 * apply by hand (`psql -v ON_ERROR_STOP=1 -f weft.sql`), after which the application
 * may run with `setup({ createSchema: false })` under a role that only reads and writes
 * rows. It records the versions it applied, so Weft's `setup` sees them; applying it
 * twice fails on the existing tables and changes nothing (it runs in one transaction).
 *
 * @param createSchema start with `CREATE SCHEMA IF NOT EXISTS`. @default true
 * @example
 * import { saverMigrationSql } from "@weft/checkpoint-postgres";
 * writeFileSync("weft-saver.sql", saverMigrationSql("app"));
 */
export function migrationSql(
  schema: string,
  component: MigrationComponent,
  migrations: readonly Migration[],
  createSchema = true,
): string {
  const parts = ["BEGIN;"];
  if (createSchema) parts.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema, "schema")};`);
  parts.push(migrationsTableSql(schema));
  for (const migration of migrations) {
    parts.push(`-- ${component} v${migration.version}: ${migration.description}`);
    parts.push(migration.sql(schema).trim());
    parts.push(
      `INSERT INTO ${qualify(schema, MIGRATIONS_TABLE)} (component, version, description)
VALUES (${quoteLiteral(component)}, ${migration.version}, ${quoteLiteral(migration.description)});`,
    );
  }
  parts.push("COMMIT;");
  return `${parts.join("\n\n")}\n`;
}

/** The component's recorded version without taking any lock; undefined when nothing is recorded. */
async function readVersion(conn: PgConnection, plan: MigrationPlan): Promise<number | undefined> {
  const table = `${quoteIdent(plan.schema, "schema")}.${quoteIdent(MIGRATIONS_TABLE)}`;
  const { rows } = await conn.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS present",
    [table],
    "setup",
  );
  if (rows[0]?.present !== true) return undefined;
  const found = await conn.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${qualify(plan.schema, MIGRATIONS_TABLE)}
     WHERE component = $1`,
    [plan.component],
    "setup",
  );
  return found.rows[0]?.version ?? undefined;
}

async function versionIn(client: PgQueryable, plan: MigrationPlan): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${qualify(plan.schema, MIGRATIONS_TABLE)}
     WHERE component = $1`,
    [plan.component],
  );
  return rows[0]?.version ?? 0;
}

async function hasSchema(client: PgQueryable, schema: string): Promise<boolean> {
  const { rows } = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  return rows.length > 0;
}

async function hasTable(client: PgQueryable, schema: string, table: string): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, table],
  );
  return rows.length > 0;
}

function refuseNewer(
  conn: PgConnection,
  plan: MigrationPlan,
  recorded: number,
  latest: number,
): void {
  if (recorded <= latest) return;
  throw new PostgresDatabaseError(
    "newer_schema",
    `Schema ${JSON.stringify(plan.schema)} on ${conn.address} holds ${plan.component} schema ` +
      `version ${recorded}, newer than the ${latest} this version of @weft/checkpoint-postgres ` +
      "understands. Upgrade the package; nothing was changed.",
    {
      address: conn.address,
      operation: "setup",
      schema: plan.schema,
      component: plan.component,
      found: recorded,
      supported: latest,
    },
  );
}

async function refuseForeign(
  conn: PgConnection,
  client: PgQueryable,
  plan: MigrationPlan,
): Promise<void> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = ANY($2::text[])`,
    [plan.schema, plan.tables],
  );
  if (rows.length === 0) return;
  const names = rows.map((row) => row.relname).join(", ");
  throw new PostgresDatabaseError(
    "foreign",
    `Schema ${JSON.stringify(plan.schema)} on ${conn.address} already has ${names}, which ` +
      `Weft did not create (no ${plan.component} version is recorded in ${MIGRATIONS_TABLE}). ` +
      "Nothing was changed; use another schema option, or drop those tables.",
    {
      address: conn.address,
      operation: "setup",
      schema: plan.schema,
      component: plan.component,
      tables: rows.map((row) => row.relname),
    },
  );
}

function missingSchema(conn: PgConnection, plan: MigrationPlan): PostgresDatabaseError {
  return new PostgresDatabaseError(
    "missing_schema",
    `Schema ${JSON.stringify(plan.schema)} does not exist on ${conn.address}, and setup was ` +
      "told not to create it (createSchema: false). Create it (CREATE SCHEMA), or apply " +
      "the migration SQL (migrationSql) as a role that may.",
    { address: conn.address, operation: "setup", schema: plan.schema, component: plan.component },
  );
}
