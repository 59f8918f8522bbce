// Writing a batch's puts and deletes: set-based statements, a handful per batch
// whatever its size (one without vectors).

import {
  effectiveTtl,
  expiresAt,
  type IndexEntry,
  type PutOperation,
  type ResolvedIndexConfig,
  type ResolvedTtlConfig,
  StoreInputError,
  serializePut,
} from "@weft/store";
import type { PgQueryable } from "./connection.ts";
import type { DistanceMetric } from "./store-options.ts";
import type { StoreTables } from "./store-schema.ts";
import { joinNamespace, SqlParams, toTimestamp } from "./store-sql.ts";

/** A put checked and serialized before any statement runs, with the texts it indexes. */
export interface PreparedPut {
  op: PutOperation;
  prefix: string;
  /** JSON of the new value, or null for a delete. */
  json: string | null;
  entries: IndexEntry[];
}

/** What writing needs besides the puts. */
export interface WriteContext {
  tables: StoreTables;
  index: ResolvedIndexConfig | undefined;
  /** How vectors are stored: normalized for cosine, as given otherwise. */
  metric: DistanceMetric;
  ttl: ResolvedTtlConfig;
}

/** Stored vector texts of the items being written, by item (`prefix`, NUL, `key`). */
export type StoredTexts = Map<string, Set<string>>;

const itemKey = (prefix: string, key: string) => `${prefix}\u0000${key}`;

/**
 * Serializes a put's value and lists the texts to embed. PostgreSQL text cannot hold NUL
 * and `jsonb` refuses unpaired surrogates, so both are refused here, before anything is
 * written, rather than failing (or being silently replaced) in the server.
 *
 * @throws StoreInputError `INVALID_INPUT` for a value that is not JSON data, or a
 *   namespace, key or value PostgreSQL cannot store as given.
 */
export function preparePut(op: PutOperation, index: ResolvedIndexConfig | undefined): PreparedPut {
  const where = { namespace: op.namespace, key: op.key };
  for (const text of [...op.namespace, op.key]) {
    if (unstorable(text)) {
      throw new StoreInputError(
        "A namespace label or key cannot contain a NUL character or an unpaired surrogate in PostgreSQL.",
        where,
      );
    }
  }
  const serialized = serializePut(op, index);
  // JSON.stringify escapes NUL as \u0000 and an unpaired surrogate as \udXXX; jsonb takes neither.
  const json = serialized.json;
  if (
    json !== null &&
    /\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(json) &&
    hasUnstorableText(op.value)
  ) {
    throw new StoreInputError(
      "An item value cannot hold a NUL character or an unpaired surrogate in PostgreSQL (jsonb).",
      where,
    );
  }
  return { op, prefix: joinNamespace(op.namespace), ...serialized };
}

/** A NUL, or a surrogate without its pair (matched alone only in a `u` regular expression). */
const LONE_SURROGATE = /\p{Cs}/u;

function unstorable(text: string): boolean {
  return text.includes("\u0000") || LONE_SURROGATE.test(text);
}

/** True when a string (or key) inside `value` has a NUL or is not well-formed UTF-16. */
function hasUnstorableText(value: unknown): boolean {
  if (typeof value === "string") return unstorable(value);
  if (value === null || typeof value !== "object") return false;
  for (const [key, nested] of Object.entries(value)) {
    if (hasUnstorableText(key) || hasUnstorableText(nested)) return true;
  }
  return false;
}

/**
 * The vector texts already stored for the items of `puts` that index something.
 * With `lock`, first locks those items' rows (`FOR UPDATE`, in key order), so that no
 * other batch changes their vectors before this transaction ends.
 */
export async function storedTexts(
  db: PgQueryable,
  tables: StoreTables,
  puts: readonly PreparedPut[],
  lock: boolean,
): Promise<StoredTexts> {
  const indexed = puts.filter((put) => put.entries.length > 0);
  const stored: StoredTexts = new Map();
  if (indexed.length === 0) return stored;
  const prefixes = indexed.map((put) => put.prefix);
  const keys = indexed.map((put) => put.op.key);
  if (lock) {
    await db.query(
      `SELECT 1 FROM ${tables.items} AS i
       JOIN unnest($1::text[], $2::text[]) AS u(prefix, key) ON i.prefix = u.prefix AND i.key = u.key
       ORDER BY i.prefix, i.key FOR UPDATE OF i`,
      [prefixes, keys],
    );
  }
  const { rows } = await db.query<{ prefix: string; key: string; text: string }>(
    `SELECT v.prefix, v.key, v.text FROM ${tables.vectors} AS v
     JOIN unnest($1::text[], $2::text[]) AS u(prefix, key) ON v.prefix = u.prefix AND v.key = u.key`,
    [prefixes, keys],
  );
  for (const row of rows) {
    const id = itemKey(row.prefix, row.key);
    const texts = stored.get(id);
    if (texts === undefined) stored.set(id, new Set([row.text]));
    else texts.add(row.text);
  }
  return stored;
}

/** Texts of `puts` with neither a fresh embedding nor a stored vector on their item. */
export function missingTexts(
  puts: readonly PreparedPut[],
  stored: StoredTexts,
  embedded: ReadonlyMap<string, number[]>,
): Set<string> {
  const missing = new Set<string>();
  for (const { op, prefix, entries } of puts) {
    const texts = stored.get(itemKey(prefix, op.key));
    for (const { text } of entries) {
      if (!embedded.has(text) && !texts?.has(text)) missing.add(text);
    }
  }
  return missing;
}

/**
 * Applies the batch's writes (the last put per item, already chosen): one statement
 * deletes the deleted items and upserts the written ones (an item put over an expired one
 * is created afresh: new `seq`, new `createdAt`). Without an index that statement also
 * drops the written items' vectors, so it is the whole write and needs no transaction;
 * with one, the vectors follow in the caller's transaction, unchanged texts keeping
 * their vectors (copied in SQL, never re-embedded).
 * Returns whether any written item expires.
 */
export async function applyPuts(
  db: PgQueryable,
  ctx: WriteContext,
  puts: readonly PreparedPut[],
  embedded: ReadonlyMap<string, number[]>,
  stored: StoredTexts,
  now: number,
): Promise<boolean> {
  const { tables } = ctx;
  const deletes = puts.filter((put) => put.json === null);
  const writes = puts.filter((put) => put.json !== null);
  const params = new SqlParams();
  const steps: string[] = [];
  if (deletes.length > 0) {
    const prefixes = params.add(
      deletes.map((put) => put.prefix),
      "text[]",
    );
    const keys = params.add(
      deletes.map((put) => put.op.key),
      "text[]",
    );
    steps.push(
      `removed AS (DELETE FROM ${tables.items} AS i USING unnest(${prefixes}, ${keys}) AS d(prefix, key)
       WHERE i.prefix = d.prefix AND i.key = d.key)`,
    );
  }
  const ttls = writes.map((put) => effectiveTtl(put.op.ttl, ctx.ttl));
  const expiries = ttls.map((ttl) => {
    const at = expiresAt(now, ttl);
    return at === null ? null : toTimestamp(at);
  });
  if (writes.length > 0) {
    const at = params.add(toTimestamp(now), "timestamptz");
    const rows = [
      params.add(
        writes.map((put) => put.prefix),
        "text[]",
      ),
      params.add(
        writes.map((put) => put.op.key),
        "text[]",
      ),
      params.add(
        writes.map((put) => put.json),
        "text[]",
      ),
      params.add(ttls, "float8[]"),
      params.add(expiries, "timestamptz[]"),
    ];
    steps.push(
      `written AS (INSERT INTO ${tables.items} AS i
         (prefix, key, value, created_at, updated_at, ttl_minutes, expires_at)
       SELECT u.prefix, u.key, u.value::jsonb, ${at}, ${at}, u.ttl, u.expires
       FROM unnest(${rows.join(", ")}) WITH ORDINALITY AS u(prefix, key, value, ttl, expires, ord)
       ORDER BY u.ord
       ON CONFLICT (prefix, key) DO UPDATE SET
         value = EXCLUDED.value,
         updated_at = EXCLUDED.updated_at,
         ttl_minutes = EXCLUDED.ttl_minutes,
         expires_at = EXCLUDED.expires_at,
         created_at = CASE WHEN i.expires_at <= EXCLUDED.updated_at
           THEN EXCLUDED.created_at ELSE i.created_at END,
         seq = CASE WHEN i.expires_at <= EXCLUDED.updated_at THEN EXCLUDED.seq ELSE i.seq END
       RETURNING i.prefix, i.key)`,
    );
  }
  if (steps.length === 0) return false;
  // Statements in WITH run to completion whether or not the main query reads them.
  const main =
    ctx.index === undefined && writes.length > 0
      ? `DELETE FROM ${tables.vectors} AS v USING written AS w WHERE v.prefix = w.prefix AND v.key = w.key`
      : "SELECT 1";
  await db.query(`WITH ${steps.join(",\n")}\n${main}`, params.values);
  if (ctx.index !== undefined && writes.length > 0) {
    await writeVectors(db, ctx, writes, embedded, stored);
  }
  return expiries.some((expiry) => expiry !== null);
}

/** Gives each written item one vector per entry and drops its other vectors. */
async function writeVectors(
  db: PgQueryable,
  ctx: WriteContext,
  writes: readonly PreparedPut[],
  embedded: ReadonlyMap<string, number[]>,
  stored: StoredTexts,
): Promise<void> {
  const { tables } = ctx;
  const reuse = {
    prefix: [] as string[],
    key: [] as string[],
    field: [] as string[],
    text: [] as string[],
  };
  const fresh = { ...structuredClone(reuse), embedding: [] as string[] };
  const kept = { prefix: [] as string[], key: [] as string[], field: [] as string[] };
  for (const { op, prefix, entries } of writes) {
    const texts = stored.get(itemKey(prefix, op.key));
    for (const { field, text } of entries) {
      const vector = embedded.get(text);
      const into = vector === undefined && texts?.has(text) ? reuse : fresh;
      into.prefix.push(prefix);
      into.key.push(op.key);
      into.field.push(field);
      into.text.push(text);
      if (into === fresh) fresh.embedding.push(toRealArray(vector!, ctx.metric));
      kept.prefix.push(prefix);
      kept.key.push(op.key);
      kept.field.push(field);
    }
  }
  if (reuse.prefix.length > 0) {
    // The SELECT reads the rows as they were before this statement: a text moving to
    // another field is copied before its old field is overwritten or dropped.
    await db.query(
      `INSERT INTO ${tables.vectors} AS v (prefix, key, field, text, embedding)
       SELECT DISTINCT ON (r.prefix, r.key, r.field) r.prefix, r.key, r.field, r.text, o.embedding
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(prefix, key, field, text)
       JOIN ${tables.vectors} AS o ON o.prefix = r.prefix AND o.key = r.key AND o.text = r.text
       ORDER BY r.prefix, r.key, r.field
       ON CONFLICT (prefix, key, field) DO UPDATE SET text = EXCLUDED.text, embedding = EXCLUDED.embedding`,
      [reuse.prefix, reuse.key, reuse.field, reuse.text],
    );
  }
  if (fresh.prefix.length > 0) {
    await db.query(
      `INSERT INTO ${tables.vectors} AS v (prefix, key, field, text, embedding)
       SELECT f.prefix, f.key, f.field, f.text, f.embedding::real[]
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         AS f(prefix, key, field, text, embedding)
       ON CONFLICT (prefix, key, field) DO UPDATE SET text = EXCLUDED.text, embedding = EXCLUDED.embedding`,
      [fresh.prefix, fresh.key, fresh.field, fresh.text, fresh.embedding],
    );
  }
  await db.query(
    `DELETE FROM ${tables.vectors} AS v USING unnest($1::text[], $2::text[]) AS w(prefix, key)
     WHERE v.prefix = w.prefix AND v.key = w.key
       AND (v.prefix, v.key, v.field) NOT IN (
         SELECT * FROM unnest($3::text[], $4::text[], $5::text[]))`,
    [
      writes.map((put) => put.prefix),
      writes.map((put) => put.op.key),
      kept.prefix,
      kept.key,
      kept.field,
    ],
  );
}

/**
 * A vector as a `real[]` literal. Cosine vectors are stored at unit length, so that the
 * similarity is a dot product (a zero vector stays zero and scores 0).
 */
export function toRealArray(vector: readonly number[], metric: DistanceMetric): string {
  let scale = 1;
  if (metric === "cosine") {
    let norm = 0;
    for (const x of vector) norm += x * x;
    scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }
  return `{${vector.map((x) => x * scale).join(",")}}`;
}

/** Deletes every item expired at `now` (their vectors go with them); returns how many. */
export async function deleteExpired(
  db: PgQueryable,
  tables: StoreTables,
  now: number,
): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM ${tables.items} WHERE expires_at IS NOT NULL AND expires_at <= $1::timestamptz`,
    [toTimestamp(now)],
  );
  return rowCount ?? 0;
}
