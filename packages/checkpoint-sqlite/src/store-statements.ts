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
