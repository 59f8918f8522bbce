import { VectorIndex, VectorSearch } from "@weft/store";
import type { Database, Statement } from "better-sqlite3";

/** sqlite-vec answers at most this many neighbours per KNN query. */
export const MAX_KNN = 4096;

const TABLE = "weft_store_vec";

let warned = false;

/**
 * Loads the sqlite-vec extension (from its npm package) into `db`. On failure it warns
 * once per process and returns the reason: the store then searches by brute force.
 */
export async function loadSqliteVec(db: Database): Promise<string | undefined> {
  try {
    const sqliteVec = (await import("sqlite-vec")) as { load(db: unknown): void };
    sqliteVec.load(db);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (!warned) {
      warned = true;
      console.warn(
        `[weft] SqliteStore: the sqlite-vec extension could not be loaded (${reason}). ` +
          "Vector search falls back to an exact brute-force scan in JavaScript: same results, " +
          "slower on large stores. Install the sqlite-vec package for your platform to speed it up.",
      );
    }
    return reason;
  }
}

/** A unit-length float32 copy of `vector` (zeros stay zeros) and whether it is all zeros. */
export function normalize(vector: ArrayLike<number>): { data: Float32Array; zero: boolean } {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  const data = new Float32Array(vector.length);
  if (norm === 0 || !Number.isFinite(norm)) return { data, zero: true };
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) data[i] = vector[i]! * scale;
  return { data, zero: false };
}

/** The bytes of a float32 vector, as SQLite stores them. */
export function toBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A float32 view (or aligned copy) of stored vector bytes. */
export function fromBlob(blob: Uint8Array): Float32Array {
  if (blob.byteOffset % 4 === 0) {
    return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  }
  return new Float32Array(blob.slice().buffer);
}

/** Dot product: the cosine similarity of two unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** One KNN hit: a vector's item and its cosine similarity to the query. */
export interface KnnHit {
  seq: number;
  score: number;
}

/**
 * The sqlite-vec `vec0` table that mirrors the store's non-zero vectors (same rowid as
 * `weft_store_vectors.id`) for fast nearest-neighbour queries. Rebuilt from
 * `weft_store_vectors` whenever it is missing, has other dimensions, or was left stale
 * by a run without the extension.
 */
export class VectorTable {
  private readonly insertRow: Statement;
  private readonly deleteRow: Statement;
  private readonly knn: Statement;

  private constructor(db: Database) {
    this.insertRow = db.prepare(`INSERT INTO ${TABLE} (rowid, embedding) VALUES (?, ?)`);
    this.deleteRow = db.prepare(`DELETE FROM ${TABLE} WHERE rowid = ?`);
    this.knn = db.prepare(
      `SELECT v.item_seq AS seq, 1.0 - k.distance AS score
       FROM (SELECT rowid, distance FROM ${TABLE} WHERE embedding MATCH @query AND k = @k) AS k
       JOIN weft_store_vectors AS v ON v.id = k.rowid
       ORDER BY k.distance, v.item_seq`,
    );
  }

  /**
   * Creates or rebuilds the table for `dims` (inside the caller's write transaction).
   * `stale` says a run without the extension changed vectors since the last sync.
   */
  static open(db: Database, dims: number, stale: boolean): VectorTable {
    const existing = db
      .prepare("SELECT sql FROM sqlite_schema WHERE name = ?")
      .pluck()
      .get(TABLE) as string | undefined;
    const wanted = `float[${dims}]`;
    if (existing === undefined || stale || !existing.includes(wanted)) {
      if (existing !== undefined) db.exec(`DROP TABLE ${TABLE}`);
      db.exec(
        `CREATE VIRTUAL TABLE ${TABLE} USING vec0(embedding ${wanted} distance_metric=cosine)`,
      );
      const table = new VectorTable(db);
      const rows = db
        .prepare("SELECT id, embedding FROM weft_store_vectors WHERE is_zero = 0")
        .iterate() as Iterable<{ id: number; embedding: Uint8Array }>;
      const all = [...rows];
      for (const row of all) table.add(row.id, row.embedding);
      return table;
    }
    return new VectorTable(db);
  }

  /** True when the database holds a vector table (so a run without the extension must mark it stale). */
  static exists(db: Database): boolean {
    return db.prepare("SELECT 1 FROM sqlite_schema WHERE name = ?").get(TABLE) !== undefined;
  }

  add(id: number | bigint, embedding: Uint8Array): void {
    this.insertRow.run(BigInt(id), embedding);
  }

  remove(id: number | bigint): void {
    this.deleteRow.run(BigInt(id));
  }

  /** The `k` nearest vectors to a unit-length query, best first, with their items. */
  nearest(query: Float32Array, k: number): KnnHit[] {
    return this.knn.all({ query: toBlob(query), k }) as KnnHit[];
  }
}

/** An item as the mirror knows it: its namespace (stored form) and its vectors' slots. */
interface MirrorItem {
  seq: number;
  prefix: string;
  slots: number[];
}

/**
 * Every stored vector, in process memory: a {@link VectorIndex} (the one `InMemoryStore`
 * uses, WebAssembly SIMD where available) plus which item and namespace each belongs to.
 * A brute-force search scores it instead of reading every blob from SQLite. The store
 * loads it on the first search, keeps it in step with its own writes, and reloads it when
 * the database's `vectors_version` (bumped by every write that changes vectors, from any
 * connection or process) differs from {@link version}.
 */
export class VectorMirror {
  /** The `vectors_version` this copy reflects. */
  version: number;
  readonly #index: VectorIndex;
  /** Vector id (rowid in `weft_store_vectors`) → its slot and item. */
  readonly #vectors = new Map<number, { slot: number; seq: number }>();
  readonly #items = new Map<number, MirrorItem>();
  /** One string per namespace, so that items of a namespace compare by identity. */
  readonly #prefixes = new Map<string, string>();

  private constructor(dims: number, version: number) {
    this.#index = new VectorIndex(dims);
    this.version = version;
  }

  /** Reads every vector of the database (inside the caller's transaction). */
  static load(db: Database, dims: number, version: number): VectorMirror {
    const mirror = new VectorMirror(dims, version);
    const rows = db
      .prepare(
        `SELECT v.id, v.item_seq, i.prefix, v.embedding
         FROM weft_store_vectors AS v JOIN weft_store_items AS i ON i.seq = v.item_seq
         ORDER BY v.id`,
      )
      .raw()
      .iterate() as Iterable<[number, number, string, Uint8Array]>;
    for (const [id, seq, prefix, embedding] of rows) mirror.add(id, seq, prefix, embedding);
    return mirror;
  }

  /** Number of vectors held. */
  get size(): number {
    return this.#vectors.size;
  }

  /** Mirrors a vector just written. */
  add(id: number | bigint, seq: number, prefix: string, embedding: Uint8Array): void {
    const slot = this.#index.add(fromBlob(embedding));
    this.#vectors.set(Number(id), { slot, seq });
    let item = this.#items.get(seq);
    if (item === undefined) {
      let shared = this.#prefixes.get(prefix);
      if (shared === undefined) {
        shared = prefix;
        this.#prefixes.set(prefix, shared);
      }
      item = { seq, prefix: shared, slots: [] };
      this.#items.set(seq, item);
    }
    item.slots.push(slot);
  }

  /** Forgets a vector just deleted. */
  remove(id: number | bigint): void {
    const vector = this.#vectors.get(Number(id));
    if (vector === undefined) return;
    this.#vectors.delete(Number(id));
    this.#index.remove(vector.slot);
    const item = this.#items.get(vector.seq)!;
    item.slots.splice(item.slots.indexOf(vector.slot), 1);
    if (item.slots.length === 0) this.#items.delete(vector.seq);
  }

  /**
   * An exact search for `query` (unit length) over the items under the namespace
   * `prefix` (stored form; undefined for all), or only over `only`. Candidates are item
   * `seq`s, ranked by their best vector, ties to the smaller `seq`. Expiry and filters
   * are the caller's to check.
   */
  search(
    query: Float32Array,
    prefix: string | undefined,
    only?: ReadonlySet<number>,
  ): VectorSearch<number> {
    const search = new VectorSearch<number>(this.#index, query);
    const under = prefix === undefined ? undefined : `${prefix}.`;
    let last: string | undefined;
    let matches = true;
    for (const item of this.#items.values()) {
      if (only !== undefined && !only.has(item.seq)) continue;
      if (under !== undefined && item.prefix !== last) {
        last = item.prefix;
        matches = last === prefix || last.startsWith(under);
      }
      if (!matches) continue;
      const slots = item.slots;
      for (let i = 0; i < slots.length; i++) search.add(item.seq, item.seq, slots[i]!);
    }
    return search;
  }
}
