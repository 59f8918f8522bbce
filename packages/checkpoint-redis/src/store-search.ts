import { compileFilter, type SearchOperation, TopK } from "@weft/store";
import type { VectorMirror } from "./store-mirror.ts";
import type { ItemRow, ReadMode } from "./store-rows.ts";
import { dotBlob, prepareQuery } from "./store-vectors.ts";

/** One page of the items under a namespace prefix, oldest-created first. */
export interface ScanPage {
  /** Live items of the page (expired ones are skipped by Redis). */
  rows: ItemRow[];
  /** The seq to continue after. */
  last: number;
  /** True when nothing follows this page. */
  done: boolean;
}

/** What a search reads through: pages under a prefix, items by id, the vector mirror. */
export interface SearchSource {
  /** Live items under `prefix` after seq `after`, oldest first. */
  scan(prefix: readonly string[], after: number, count: number, mode: ReadMode): Promise<ScanPage>;
  /** Live items by id (fields only); null where missing or expired. */
  fetch(ids: string[]): Promise<(ItemRow | null)[]>;
  /** The in-memory copy of the vectors, synced; undefined to scan Redis instead. */
  mirror(): Promise<VectorMirror | undefined>;
}

/** A search result before it becomes a `SearchItem`: the row and its score, if any. */
export interface Ranked {
  row: ItemRow;
  score?: number;
}

/** Items read per script call when nothing but the page size limits the answer. */
const MAX_PAGE = 1000;
/** Items read per script call when a filter may reject some, or vectors come along. */
const SCAN_PAGE = 256;
/**
 * The mirror's candidates are checked in Redis best first; past this many checked, the
 * filter (or expiry) is taken as selective and the prefix is scanned instead.
 */
const WALK_LIMIT = 1024;

/**
 * Answers one search. With a query vector, items with vectors come first by their best
 * cosine similarity (ties: older first), then the items without vectors in creation
 * order, as in `InMemoryStore`; without, items are read in creation order until the page
 * is full.
 */
export async function searchItems(
  source: SearchSource,
  op: SearchOperation,
  queryVector: number[] | undefined,
): Promise<Ranked[]> {
  const offset = op.offset ?? 0;
  const limit = op.limit ?? 10;
  if (limit === 0) return [];
  const wanted = offset + limit;
  let ranked: Ranked[];
  if (queryVector === undefined) {
    ranked = await firstMatches(source, op, wanted);
  } else {
    const mirror = await source.mirror();
    const scored = mirror && (await rankInMirror(source, mirror, op, queryVector, wanted));
    if (scored === undefined) {
      ranked = await rankByScan(source, op, queryVector, wanted);
    } else {
      ranked = scored;
      if (ranked.length < wanted) {
        const rest = wanted - ranked.length;
        const unscored = (row: ItemRow) => row.vectorCount === 0;
        ranked.push(...(await firstMatches(source, op, rest, unscored)));
      }
    }
  }
  return ranked.slice(offset, offset + limit);
}

/**
 * The first `wanted` live items under the prefix that pass the filter (and `keep`, when
 * given), oldest first.
 */
async function firstMatches(
  source: SearchSource,
  op: SearchOperation,
  wanted: number,
  keep?: (row: ItemRow) => boolean,
): Promise<Ranked[]> {
  const filtered = op.filter !== undefined && Object.keys(op.filter).length > 0;
  const matches = compileFilter(op.filter);
  const out: Ranked[] = [];
  let after = 0;
  for (;;) {
    // Rows may be rejected: read whole pages rather than just the number still missing.
    const count = filtered || keep ? SCAN_PAGE : Math.min(MAX_PAGE, wanted - out.length);
    const page = await source.scan(op.namespacePrefix, after, count, "0");
    for (const row of page.rows) {
      if (keep && !keep(row)) continue;
      if (filtered && !matches(JSON.parse(row.json))) continue;
      if (out.push({ row }) === wanted) return out;
    }
    if (page.done) return out;
    after = page.last;
  }
}

/**
 * The `wanted` best live items with vectors under the prefix that pass the filter, ranked
 * in the mirror: one kernel pass scores every vector under the prefix, then candidates are
 * checked in Redis best first. Undefined when the checks keep failing (a selective
 * filter, or many expired items not swept yet): then a scan is cheaper.
 */
async function rankInMirror(
  source: SearchSource,
  mirror: VectorMirror,
  op: SearchOperation,
  queryVector: number[],
  wanted: number,
): Promise<Ranked[] | undefined> {
  const search = mirror.search(queryVector, op.namespacePrefix);
  const filtered = op.filter !== undefined && Object.keys(op.filter).length > 0;
  const matches = compileFilter(op.filter);
  const verdicts = new Map<string, ItemRow | null>();
  for (let k = wanted; ; k *= 4) {
    const top = search.top(k);
    const unchecked = top.map(({ value }) => value.id).filter((id) => !verdicts.has(id));
    if (unchecked.length > 0) {
      const rows = await source.fetch(unchecked);
      rows.forEach((row, i) => {
        const keep = row !== null && (!filtered || matches(JSON.parse(row.json)));
        verdicts.set(unchecked[i]!, keep ? row : null);
      });
    }
    const out: Ranked[] = [];
    for (const { score, value } of top) {
      const row = verdicts.get(value.id);
      if (!row) continue;
      if (out.push({ row, score: clampScore(score) }) === wanted) return out;
    }
    if (top.length < k) return out;
    if (verdicts.size >= WALK_LIMIT) return undefined;
  }
}

/**
 * Exact vector search in one pass over Redis: reads every live item under the prefix with
 * its vectors (float32 bytes), keeps those that pass the filter, and ranks them; the
 * items without vectors follow in creation order. Cost: moves
 * `items × (value + vectors × dims × 4 bytes)` out of Redis per search.
 */
async function rankByScan(
  source: SearchSource,
  op: SearchOperation,
  queryVector: number[],
  wanted: number,
): Promise<Ranked[]> {
  const query = prepareQuery(queryVector);
  const filtered = op.filter !== undefined && Object.keys(op.filter).length > 0;
  const matches = compileFilter(op.filter);
  const best = new TopK<ItemRow>(wanted);
  const unscored: Ranked[] = [];
  let after = 0;
  for (;;) {
    const page = await source.scan(op.namespacePrefix, after, SCAN_PAGE, "1");
    for (const row of page.rows) {
      if (filtered && !matches(JSON.parse(row.json))) continue;
      if (row.embeddings.length === 0) {
        if (unscored.length < wanted) unscored.push({ row });
        continue;
      }
      let score = Number.NEGATIVE_INFINITY;
      for (const blob of row.embeddings) score = Math.max(score, dotBlob(query, blob));
      best.push(score, row.seq, row);
    }
    if (page.done) break;
    after = page.last;
  }
  const ranked: Ranked[] = best
    .drain()
    .map(({ score, value }) => ({ row: value, score: clampScore(score) }));
  for (const entry of unscored) {
    if (ranked.length === wanted) break;
    ranked.push(entry);
  }
  return ranked;
}

/** Float32 rounding can push a dot product of unit vectors a hair past ±1. */
function clampScore(score: number): number {
  return Math.min(1, Math.max(-1, score));
}
