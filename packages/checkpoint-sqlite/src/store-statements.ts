import type { Database, Statement } from "better-sqlite3";

/** An item row as stored. */
export interface ItemRow {
  seq: number;
  prefix: string;
  key: string;
  value_type: string;
  value: string;
  created_at: number;
  updated_at: number;
  ttl: number | null;
  expires_at: number | null;
}

/** A stored embedding of one field of an item. */
export interface VectorRow {
  id: number;
  item_seq: number;
  field: string;
  text: string;
  is_zero: number;
  embedding: Uint8Array;
}

const ITEM = "seq, prefix, key, value_type, value, created_at, updated_at, ttl, expires_at";
const LIVE = "(expires_at IS NULL OR expires_at > @now)";

/** The namespace of an item as stored: labels joined with "." (labels never hold one). */
export function joinNamespace(namespace: readonly string[]): string {
  return namespace.join(".");
}

/**
 * Query parameters for "namespace starts with `prefix`": the prefix itself, or any
 * namespace under it (`a.b.` ≤ x < `a.b/`, "/" being the character after ".").
 */
export function prefixParams(prefix: readonly string[]): { p: string; lo: string; hi: string } {
  const p = joinNamespace(prefix);
  return { p, lo: `${p}.`, hi: `${p}/` };
}

/** Meta row counting writes that changed vectors: a {@link VectorMirror} reloads when it moves. */
export const VECTORS_VERSION = "vectors_version";

/** The part of a search filter SQLite can check, as a `WHERE` clause and its parameters. */
export interface SqlFilter {
  where: string;
  params: Record<string, string | number>;
}

/** Field names that can go into a JSON path as they are. */
const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A necessary condition for `filter`, in SQL, from its entries SQLite can test: equality
 * of a field on a plain dotted path with a string or a safe integer (`{ topic: "x" }`,
 * `{ "a.b": { $eq: 3 } }`). Every row the filter keeps satisfies it; rows it lets through
 * still get the full check (`matchesFilter`). Undefined when no entry qualifies.
 */
export function filterToSql(
  filter: Readonly<Record<string, unknown>> | undefined,
): SqlFilter | undefined {
  if (filter === undefined) return undefined;
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  for (const [path, condition] of Object.entries(filter)) {
    const segments = path.split(".");
    if (!segments.every((segment) => PLAIN_FIELD.test(segment))) continue;
    const wanted =
      condition !== null && typeof condition === "object" && !Array.isArray(condition)
        ? Object.keys(condition).length === 1 && Object.hasOwn(condition, "$eq")
          ? (condition as { $eq: unknown }).$eq
          : undefined
        : condition;
    if (typeof wanted !== "string" && !Number.isSafeInteger(wanted)) continue;
    const name = `f${clauses.length}`;
    clauses.push(`json_extract(i.value, '$.${segments.join(".")}') = @${name}`);
    params[name] = wanted as string | number;
  }
  return clauses.length === 0 ? undefined : { where: clauses.join(" AND "), params };
}

/** Which searches a query shape serves. */
type ScanKind = "items" | "unscored" | "vectors";

/**
 * The store's SQL, each statement prepared once per connection. Scans come in two
 * shapes (under a namespace prefix, or everywhere), prepared on first use.
 */
export class StoreStatements {
  readonly getItem: Statement;
  readonly getItemBySeq: Statement;
  readonly insertItem: Statement;
  readonly updateItem: Statement;
  readonly refreshItem: Statement;
  readonly deleteItem: Statement;
  readonly vectorsOf: Statement;
  readonly vectorTextsOf: Statement;
  readonly insertVector: Statement;
  readonly updateVectorField: Statement;
  readonly deleteVector: Statement;
  readonly deleteVectorsOf: Statement;
  readonly expiredItems: Statement;
  readonly zeroVectorItems: Statement;
  readonly namespaces: Statement;
  readonly getMeta: Statement;
  readonly setMeta: Statement;
  /** Adds one to `vectors_version` and returns the new value. */
  readonly bumpVectorsVersion: Statement;
  private readonly db: Database;
  private readonly scans = new Map<string, Statement>();

  constructor(db: Database) {
    this.db = db;
    this.getItem = db.prepare(
      `SELECT ${ITEM} FROM weft_store_items WHERE prefix = @prefix AND key = @key`,
    );
    this.getItemBySeq = db.prepare(`SELECT ${ITEM} FROM weft_store_items WHERE seq = ?`);
    this.insertItem = db.prepare(
      `INSERT INTO weft_store_items
         (prefix, key, value_type, value, created_at, updated_at, ttl, expires_at)
       VALUES (@prefix, @key, @valueType, @value, @now, @now, @ttl, @expiresAt)`,
    );
    this.updateItem = db.prepare(
      `UPDATE weft_store_items SET value_type = @valueType, value = @value, updated_at = @now,
         ttl = @ttl, expires_at = @expiresAt
       WHERE seq = @seq`,
    );
    this.refreshItem = db.prepare(
      `UPDATE weft_store_items SET expires_at = @now + CAST(ttl * 60000 AS INTEGER)
       WHERE seq = @seq AND ttl IS NOT NULL`,
    );
    this.deleteItem = db.prepare("DELETE FROM weft_store_items WHERE seq = ?");
    this.vectorsOf = db.prepare(
      "SELECT id, item_seq, field, text, is_zero, embedding FROM weft_store_vectors WHERE item_seq = ? ORDER BY id",
    );
    this.vectorTextsOf = db
      .prepare(
        `SELECT v.text FROM weft_store_vectors AS v JOIN weft_store_items AS i ON i.seq = v.item_seq
         WHERE i.prefix = @prefix AND i.key = @key`,
      )
      .pluck();
    this.insertVector = db.prepare(
      `INSERT INTO weft_store_vectors (item_seq, field, text, is_zero, embedding)
       VALUES (@seq, @field, @text, @isZero, @embedding)`,
    );
    this.updateVectorField = db.prepare("UPDATE weft_store_vectors SET field = ? WHERE id = ?");
    this.deleteVector = db.prepare("DELETE FROM weft_store_vectors WHERE id = ?");
    this.deleteVectorsOf = db.prepare("DELETE FROM weft_store_vectors WHERE item_seq = ?");
    this.expiredItems = db
      .prepare("SELECT seq FROM weft_store_items WHERE expires_at IS NOT NULL AND expires_at <= ?")
      .pluck();
    this.zeroVectorItems = db
      .prepare("SELECT DISTINCT item_seq FROM weft_store_vectors WHERE is_zero = 1")
      .pluck();
    this.namespaces = db
      .prepare(`SELECT DISTINCT prefix FROM weft_store_items WHERE ${LIVE}`)
      .pluck();
    this.getMeta = db.prepare("SELECT value FROM weft_store_meta WHERE key = ?").pluck();
    this.setMeta = db.prepare(
      `INSERT INTO weft_store_meta (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    this.bumpVectorsVersion = db
      .prepare(
        `INSERT INTO weft_store_meta (key, value) VALUES ('${VECTORS_VERSION}', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
         RETURNING CAST(value AS INTEGER)`,
      )
      .pluck();
  }

  /**
   * A scan of live items under a namespace prefix (or everywhere), in creation order,
   * after `@after` (a `seq`), at most `@limit`:
   * - `items`: every item;
   * - `unscored`: items without any vector;
   * - `vectors`: (item seq, embedding) of every vector of those items (no limit).
   */
  scan(kind: ScanKind, underPrefix: boolean): Statement {
    const key = `${kind}${+underPrefix}`;
    let statement = this.scans.get(key);
    if (statement !== undefined) return statement;
    const under = "(prefix = @p OR (prefix >= @lo AND prefix < @hi))";
    if (kind === "vectors") {
      const where = ["(i.expires_at IS NULL OR i.expires_at > @now)"];
      if (underPrefix) where.push(`(i.prefix = @p OR (i.prefix >= @lo AND i.prefix < @hi))`);
      statement = this.db.prepare(
        `SELECT v.item_seq AS seq, v.embedding AS embedding
         FROM weft_store_vectors AS v JOIN weft_store_items AS i ON i.seq = v.item_seq
         WHERE ${where.join(" AND ")}`,
      );
    } else {
      const where = ["seq > @after", LIVE];
      if (underPrefix) where.push(under);
      if (kind === "unscored") {
        where.push(
          "NOT EXISTS (SELECT 1 FROM weft_store_vectors AS v WHERE v.item_seq = weft_store_items.seq)",
        );
      }
      statement = this.db.prepare(
        `SELECT ${ITEM} FROM weft_store_items WHERE ${where.join(" AND ")} ORDER BY seq LIMIT @limit`,
      );
    }
    this.scans.set(key, statement);
    return statement;
  }

  /**
   * Live items under the prefix (or everywhere) that pass a pushed-down filter:
   * - `seqs`: their `seq`;
   * - `vectors`: (item seq, embedding) of their vectors, at most `@limit`.
   */
  filtered(kind: "seqs" | "vectors", underPrefix: boolean, filter: SqlFilter): Statement {
    const key = `${kind}${+underPrefix}:${filter.where}`;
    let statement = this.scans.get(key);
    if (statement !== undefined) return statement;
    const where = ["(i.expires_at IS NULL OR i.expires_at > @now)", filter.where];
    if (underPrefix) where.push("(i.prefix = @p OR (i.prefix >= @lo AND i.prefix < @hi))");
    statement =
      kind === "seqs"
        ? this.db
            .prepare(`SELECT i.seq FROM weft_store_items AS i WHERE ${where.join(" AND ")}`)
            .pluck()
        : this.db.prepare(
            `SELECT v.item_seq AS seq, v.embedding AS embedding
             FROM weft_store_items AS i JOIN weft_store_vectors AS v ON v.item_seq = i.seq
             WHERE ${where.join(" AND ")} LIMIT @limit`,
          );
    // Filters differ in their paths only: a bounded cache is enough.
    if (this.scans.size > 256) this.scans.clear();
    this.scans.set(key, statement);
    return statement;
  }

  /**
   * The live items under the prefix (or everywhere) among `@seqs` (a JSON array), that
   * pass a pushed-down filter if one is given: vector-search hits checked in one query.
   */
  itemsAmong(underPrefix: boolean, filter: SqlFilter | undefined): Statement {
    const key = `among${+underPrefix}:${filter?.where ?? ""}`;
    let statement = this.scans.get(key);
    if (statement !== undefined) return statement;
    const where = [
      "i.seq IN (SELECT value FROM json_each(@seqs))",
      "(i.expires_at IS NULL OR i.expires_at > @now)",
    ];
    if (underPrefix) where.push("(i.prefix = @p OR (i.prefix >= @lo AND i.prefix < @hi))");
    if (filter !== undefined) where.push(filter.where);
    statement = this.db.prepare(
      `SELECT ${ITEM} FROM weft_store_items AS i WHERE ${where.join(" AND ")}`,
    );
    if (this.scans.size > 256) this.scans.clear();
    this.scans.set(key, statement);
    return statement;
  }

  /** Whether the live item `seq` is under the prefix: the check of a vector-search hit. */
  matches(underPrefix: boolean): Statement {
    const key = `match${+underPrefix}`;
    let statement = this.scans.get(key);
    if (statement === undefined) {
      const where = ["seq = @seq", LIVE];
      if (underPrefix) where.push("(prefix = @p OR (prefix >= @lo AND prefix < @hi))");
      statement = this.db.prepare(
        `SELECT ${ITEM} FROM weft_store_items WHERE ${where.join(" AND ")}`,
      );
      this.scans.set(key, statement);
    }
    return statement;
  }
}
