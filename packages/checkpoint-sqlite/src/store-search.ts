import {
  compileFilter,
  matchesFilter,
  type ResolvedIndexConfig,
  type ResolvedTtlConfig,
  type SearchItem,
  type SearchOperation,
  shouldRefresh,
  type VectorSearch,
} from "@weft/store";
import type { Database } from "./database.ts";
import { type StoreState, toItem, vectorsVersion } from "./store-state.ts";
import { filterToSql, type ItemRow, prefixParams } from "./store-statements.ts";
import { dot, fromBlob, MAX_KNN, normalize, VectorMirror } from "./vector-table.ts";

/** What a search reads besides its operation: the store's connection, state and settings. */
export interface SearchContext {
  db: Database;
  state: StoreState;
  /** The vector index, if search by `query` is on. */
  index: ResolvedIndexConfig | undefined;
  ttl: ResolvedTtlConfig;
}

interface Ranked {
  row: ItemRow;
  score?: number;
}

/** One vector search: the normalized query and what the operation asks of it. */
interface VectorQuery {
  query: Float32Array;
  op: SearchOperation;
  under: boolean;
  params: Record<string, unknown>;
  wanted: number;
}

/** Rows scanned per round when a filter may reject some of them. */
const SCAN_PAGE = 256;
/**
 * Brute force checks candidates best first; past this many checked, the filter is taken
 * as selective and the items passing it are found first.
 */
const WALK_LIMIT = 1024;
/** With sqlite-vec, a filter SQL can narrow to at most this many vectors is scored exactly. */
const SELECTIVE_VECTORS = 4096;

/**
 * Answers one search operation inside the caller's transaction: items ranked by vector
 * first when the operation has a `query` (its vector taken from `queryVectors`), then
 * the other live items under the prefix that pass the filter, oldest first.
 */
export function searchItems(
  ctx: SearchContext,
  op: SearchOperation,
  queryVectors: Map<string, number[]>,
  now: number,
): SearchItem[] {
  const { state } = ctx;
  const offset = op.offset ?? 0;
  const limit = op.limit ?? 10;
  const wanted = offset + limit;
  if (limit === 0) return [];
  const under = op.namespacePrefix.length > 0;
  const params = { now, ...(under ? prefixParams(op.namespacePrefix) : {}) };
  const queryVector = op.query && ctx.index ? queryVectors.get(op.query) : undefined;
  const ranked: Ranked[] = [];
  if (queryVector) {
    const query = normalize(queryVector).data;
    ranked.push(...rankByVector(ctx, { query, op, under, params, wanted }));
  }
  if (ranked.length < wanted) {
    const kind = queryVector ? "unscored" : "items";
    const scan = state.sql.scan(kind, under);
    const filtered = op.filter !== undefined && Object.keys(op.filter).length > 0;
    let after = 0;
    let need = wanted - ranked.length;
    while (need > 0) {
      const pageSize = filtered ? SCAN_PAGE : need;
      const rows = scan.all({ ...params, after, limit: pageSize }) as ItemRow[];
      for (const row of rows) {
        if (filtered && !matchesFilter(JSON.parse(row.value), op.filter)) continue;
        ranked.push({ row });
        if (--need === 0) break;
      }
      if (rows.length < pageSize) break;
      after = rows.at(-1)!.seq;
    }
  }
  const page = ranked.slice(offset, offset + limit);
  const refresh = shouldRefresh(op.refreshTtl, ctx.ttl);
  return page.map(({ row, score }) => {
    if (refresh) state.sql.refreshItem.run({ seq: row.seq, now });
    const item: SearchItem = toItem(row);
    if (score !== undefined) item.score = Math.min(1, Math.max(-1, score));
    return item;
  });
}

/**
 * The `wanted` best live items under the prefix that pass the filter and have
 * vectors, by their best cosine similarity (ties: older first). Brute force ranks the
 * in-memory mirror (see {@link rankInMirror}). With sqlite-vec, a filter that SQL
 * narrows to few vectors has those scored exactly; otherwise the KNN query asks for
 * more neighbours until the answer is provably exact, and past the extension's KNN
 * limit every vector under the prefix is scored.
 */
function rankByVector(ctx: SearchContext, search: VectorQuery): Ranked[] {
  const { state } = ctx;
  const { query, op, under, params, wanted } = search;
  const match = state.sql.matches(under);
  const verdicts = new Map<number, ItemRow | null>();
  const accept = (seq: number): ItemRow | null => {
    let verdict = verdicts.get(seq);
    if (verdict === undefined) {
      const row = match.get({ ...params, seq }) as ItemRow | undefined;
      verdict =
        row !== undefined &&
        (op.filter === undefined || matchesFilter(JSON.parse(row.value), op.filter))
          ? row
          : null;
      verdicts.set(seq, verdict);
    }
    return verdict;
  };
  if (state.vec === undefined) {
    return rankInMirror(ctx, search, accept, verdicts);
  }
  const take = (best: Map<number, number>): Ranked[] => {
    const candidates = [...best].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const out: Ranked[] = [];
    for (const [seq, score] of candidates) {
      if (out.length === wanted) break;
      const row = accept(seq);
      if (row !== null) out.push({ row, score });
    }
    return out;
  };
  const scoreRows = (rows: Iterable<{ seq: number; embedding: Uint8Array }>): Ranked[] => {
    const best = new Map<number, number>();
    for (const { seq, embedding } of rows) {
      const score = dot(query, fromBlob(embedding));
      const known = best.get(seq);
      if (known === undefined || score > known) best.set(seq, score);
    }
    return take(best);
  };

  const pushed = filterToSql(op.filter);
  if (pushed !== undefined) {
    const rows = state.sql
      .filtered("vectors", under, pushed)
      .all({ ...params, ...pushed.params, limit: SELECTIVE_VECTORS + 1 }) as {
      seq: number;
      embedding: Uint8Array;
    }[];
    if (rows.length <= SELECTIVE_VECTORS) return scoreRows(rows);
  }
  const zeroItems = zeroVectorItems(state);
  let k = Math.min(MAX_KNN, Math.max(64, wanted * 4));
  for (;;) {
    const hits = state.vec.nearest(query, k);
    const exhausted = hits.length < k;
    const threshold = exhausted ? Number.NEGATIVE_INFINITY : hits.at(-1)!.score;
    const best = new Map<number, number>();
    for (const { seq, score } of hits) if (!best.has(seq)) best.set(seq, score);
    for (const seq of zeroItems) best.set(seq, Math.max(best.get(seq) ?? 0, 0));
    const out = take(best);
    if (exhausted || (out.length === wanted && out.at(-1)!.score! >= threshold)) return out;
    if (k === MAX_KNN) break;
    k = Math.min(MAX_KNN, k * 4);
  }
  return scoreRows(
    state.sql.scan("vectors", under).iterate(params) as Iterable<{
      seq: number;
      embedding: Uint8Array;
    }>,
  );
}

/**
 * Brute force over the in-memory mirror: one kernel pass scores every vector under the
 * prefix, then items are checked (alive, filter) best first until `wanted` pass. When
 * the checks keep failing (a selective filter), the items that pass are found first,
 * in SQL where the filter allows, and only those are ranked.
 */
function rankInMirror(
  ctx: SearchContext,
  { query, op, under, params, wanted }: VectorQuery,
  accept: (seq: number) => ItemRow | null,
  verdicts: Map<number, ItemRow | null>,
): Ranked[] {
  const { state } = ctx;
  const mirror = loadMirror(ctx);
  const prefix = under ? (params.p as string) : undefined;
  const pushed = filterToSql(op.filter);
  const among = state.sql.itemsAmong(under, pushed);
  const matches = compileFilter(op.filter);
  /** Checks the hits not checked yet in one query; SQL rejects most that the filter does. */
  const check = (hits: { value: number }[]): void => {
    const seqs = hits.map((hit) => hit.value).filter((seq) => !verdicts.has(seq));
    if (seqs.length === 0) return;
    const rows = among.all({ ...params, ...pushed?.params, seqs: JSON.stringify(seqs) });
    for (const seq of seqs) verdicts.set(seq, null);
    for (const row of rows as ItemRow[]) {
      verdicts.set(row.seq, matches(JSON.parse(row.value)) ? row : null);
    }
  };
  const bestFirst = (search: VectorSearch<number>, limit: number): Ranked[] | undefined => {
    for (let k = wanted; ; k *= 4) {
      const top = search.top(k);
      check(top);
      const out: Ranked[] = [];
      for (const { score, value: seq } of top) {
        const row = accept(seq);
        if (row !== null && out.push({ row, score }) === wanted) return out;
      }
      if (top.length < k) return out;
      if (verdicts.size >= limit) return undefined;
    }
  };
  const ranked = bestFirst(mirror.search(query, prefix), WALK_LIMIT);
  if (ranked !== undefined) return ranked;

  const passing = new Set<number>();
  if (pushed !== undefined) {
    const seqs = state.sql.filtered("seqs", under, pushed).all({ ...params, ...pushed.params });
    for (const seq of seqs as number[]) passing.add(seq);
  } else {
    const rows = state.sql.scan("items", under).iterate({ ...params, after: 0, limit: -1 });
    for (const row of rows as Iterable<ItemRow>) {
      const keep = matches(JSON.parse(row.value));
      verdicts.set(row.seq, keep ? row : null);
      if (keep) passing.add(row.seq);
    }
  }
  return bestFirst(mirror.search(query, prefix, passing), Number.POSITIVE_INFINITY)!;
}

/** The vectors in memory, (re)loaded when another store or process changed them. */
function loadMirror({ db, state, index }: SearchContext): VectorMirror {
  const version = vectorsVersion(state);
  if (state.mirror?.version !== version) {
    state.mirror = VectorMirror.load(db, index!.dims, version);
  }
  return state.mirror;
}

/** Items whose vectors include a zero one: a scan of every vector, so kept per version. */
function zeroVectorItems(state: StoreState): number[] {
  const version = vectorsVersion(state);
  if (state.zeroItems?.version !== version) {
    state.zeroItems = { version, seqs: state.sql.zeroVectorItems.all() as number[] };
  }
  return state.zeroItems.seqs;
}
