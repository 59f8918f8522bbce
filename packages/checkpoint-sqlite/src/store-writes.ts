import {
  effectiveTtl,
  expiresAt,
  type IndexEntry,
  isExpired,
  type PutOperation,
  type ResolvedIndexConfig,
  type ResolvedTtlConfig,
  serializePut,
} from "@weft/store";
import type { StoreState } from "./store-state.ts";
import { type ItemRow, joinNamespace, type VectorRow } from "./store-statements.ts";
import { fromBlob, normalize, toBlob } from "./vector-table.ts";

/** A put checked and serialized before the transaction, with the texts it indexes. */
export interface PreparedPut {
  op: PutOperation;
  prefix: string;
  /** JSON of the new value, or null for a delete. */
  json: string | null;
  entries: IndexEntry[];
}

/** What applying a put needs besides the put: the store's state and TTL settings. */
export interface WriteContext {
  state: StoreState;
  ttl: ResolvedTtlConfig;
  /** Called after an item with an expiry was written, so that a sweeper can start. */
  onExpiring: () => void;
}

/**
 * Serializes a put's value and lists the texts to embed for `index`.
 *
 * @throws StoreInputError when the value is not JSON data.
 */
export function preparePut(op: PutOperation, index: ResolvedIndexConfig | undefined): PreparedPut {
  return { op, prefix: joinNamespace(op.namespace), ...serializePut(op, index) };
}

/** Texts of `puts` with neither a fresh embedding nor a stored vector on their item. */
export function missingTexts(
  state: StoreState,
  puts: PreparedPut[],
  embedded: Map<string, number[]>,
): Set<string> {
  const missing = new Set<string>();
  for (const { op, prefix, entries } of puts) {
    if (entries.length === 0) continue;
    let stored: Set<string> | undefined;
    for (const { text } of entries) {
      if (embedded.has(text)) continue;
      stored ??= new Set(state.sql.vectorTextsOf.all({ prefix, key: op.key }) as string[]);
      if (!stored.has(text)) missing.add(text);
    }
  }
  return missing;
}

/** Writes one prepared put (or delete) inside the caller's transaction. */
export function applyPut(
  { state, ttl: ttlConfig, onExpiring }: WriteContext,
  { op, prefix, json, entries }: PreparedPut,
  embedded: Map<string, number[]>,
  now: number,
): void {
  const sql = state.sql;
  const existing = sql.getItem.get({ prefix, key: op.key }) as ItemRow | undefined;
  if (json === null) {
    if (existing) removeItem(state, existing.seq);
    return;
  }
  const ttl = effectiveTtl(op.ttl, ttlConfig);
  const row = {
    prefix,
    key: op.key,
    valueType: "json",
    value: json,
    now,
    ttl,
    expiresAt: expiresAt(now, ttl),
  };
  // Vectors of unchanged texts are reused, even from an expired item being replaced.
  const old = existing ? (sql.vectorsOf.all(existing.seq) as VectorRow[]) : [];
  let seq: number;
  if (existing && !isExpired(existing.expires_at, now)) {
    seq = existing.seq;
    sql.updateItem.run({ ...row, seq });
  } else {
    // A replaced expired item counts as deleted: the new one is created afresh.
    if (existing) {
      sql.deleteItem.run(existing.seq);
    }
    seq = Number(sql.insertItem.run(row).lastInsertRowid);
  }
  placeVectors(state, seq, prefix, entries, old, embedded);
  if (row.expiresAt !== null) onExpiring();
}

/** Deletes item `seq` with its vectors, keeping the vector table and mirror in step. */
export function removeItem(state: StoreState, seq: number): void {
  const vectors = state.sql.vectorsOf.all(seq) as VectorRow[];
  for (const vector of vectors) {
    if (vector.is_zero === 0) state.vec?.remove(vector.id);
    state.mirror?.remove(vector.id);
  }
  if (vectors.length > 0) {
    state.sql.deleteVectorsOf.run(seq);
    noteVectorsChanged(state);
  }
  state.sql.deleteItem.run(seq);
}

/** Gives item `seq` one vector per entry, reusing old vectors of unchanged texts. */
function placeVectors(
  state: StoreState,
  seq: number,
  prefix: string,
  entries: IndexEntry[],
  old: VectorRow[],
  embedded: Map<string, number[]>,
): void {
  const sql = state.sql;
  const reusable = new Map<string, VectorRow[]>();
  const anyOf = new Map<string, VectorRow>();
  for (const vector of old) {
    anyOf.set(vector.text, vector);
    if (vector.item_seq !== seq) continue; // the item was re-created: copy, never move
    const list = reusable.get(vector.text);
    if (list) list.push(vector);
    else reusable.set(vector.text, [vector]);
  }
  const kept = new Set<number>();
  for (const { field, text } of entries) {
    const reuse = reusable.get(text)?.pop();
    if (reuse !== undefined) {
      kept.add(reuse.id);
      if (reuse.field !== field) sql.updateVectorField.run(field, reuse.id);
      continue;
    }
    const fresh = embedded.get(text);
    const source = fresh
      ? normalize(fresh)
      : { data: fromBlob(anyOf.get(text)!.embedding), zero: anyOf.get(text)!.is_zero === 1 };
    const embedding = toBlob(source.data);
    const id = sql.insertVector.run({
      seq,
      field,
      text,
      isZero: source.zero ? 1 : 0,
      embedding,
    }).lastInsertRowid;
    if (!source.zero) state.vec?.add(id, embedding);
    state.mirror?.add(id, seq, prefix, embedding);
    noteVectorsChanged(state);
  }
  for (const vector of old) {
    if (kept.has(vector.id)) continue;
    sql.deleteVector.run(vector.id);
    if (vector.is_zero === 0) state.vec?.remove(vector.id);
    state.mirror?.remove(vector.id);
    noteVectorsChanged(state);
  }
}

/**
 * Notes a change of vectors: `vectors_version` moves at commit. Without the extension,
 * a vector table left by another run no longer mirrors the vectors either.
 */
function noteVectorsChanged(state: StoreState): void {
  if (state.markStale && !state.vectorsChanged) state.sql.setMeta.run("vec_stale", "1");
  state.vectorsChanged = true;
}
