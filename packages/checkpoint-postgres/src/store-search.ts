// One search operation: vector ranking (pgvector or exact SQL), then the unscored items.

import { compileFilter, type SearchItem, type SearchOperation } from "@weft/store";
import type { PgQueryable } from "./connection.ts";
import { distanceOperator, type Pgvector, vectorType } from "./pgvector.ts";
import { filterToSql } from "./store-filter.ts";
import type { DistanceMetric } from "./store-options.ts";
import type { StoreTables } from "./store-schema.ts";
import {
  ITEM_COLUMNS,
  type ItemRow,
  liveCondition,
  prefixCondition,
  SqlParams,
  toItem,
  toTimestamp,
} from "./store-sql.ts";
import { toRealArray } from "./store-writes.ts";

/** How the store ranks by vector. */
export interface VectorPlan {
  metric: DistanceMetric;
  dims: number;
  /** The extension, when search runs on pgvector; undefined for exact SQL over `real[]`. */
  pgvector: Pgvector | undefined;
  /** Whether an HNSW index serves the metric (so `hnsw.*` settings apply). */
  hnsw: boolean;
  /** `hnsw.ef_search` floor. */
  efSearch: number;
  /** pgvector ≥ 0.8: keep scanning the index until enough rows pass the filter. */
  iterativeScan: boolean;
}

/** What a search reads besides its operation. */
export interface SearchContext {
  tables: StoreTables;
  vectors: VectorPlan | undefined;
}

/** A found row, with its score when ranked by vector. */
export interface Ranked {
  row: ItemRow;
  score?: number;
}

/** Rows read per round when a filter may reject some of them. */
const SCAN_PAGE = 256;
/** `hnsw.ef_search` cannot go higher. */
const MAX_EF_SEARCH = 1000;

/**
 * The page of items a search operation asks for, in the store's order: items ranked by
 * vector first when it has a `query` (`queryVector`), best first (ties: older first),
 * then the other live items under the prefix that pass the filter, oldest first. The
 * rows are returned with the items so that the caller can refresh their TTL.
 */
export async function searchItems(
  db: PgQueryable,
  ctx: SearchContext,
  op: SearchOperation,
  queryVector: number[] | undefined,
  now: number,
): Promise<Ranked[]> {
  const offset = op.offset ?? 0;
  const limit = op.limit ?? 10;
  const wanted = offset + limit;
  if (limit === 0) return [];
  const matches = compileFilter(op.filter);
  const vectors = queryVector !== undefined ? ctx.vectors : undefined;
  const ranked: Ranked[] = [];
  if (vectors !== undefined) {
    ranked.push(...(await rankByVector(db, ctx.tables, vectors, op, queryVector!, now, wanted)));
  }
  let after = "0";
  const filtered = op.filter !== undefined && Object.keys(op.filter).length > 0;
  while (ranked.length < wanted) {
    const params = new SqlParams();
    const where = [
      `i.seq > ${params.add(after, "bigint")}`,
      liveCondition(params.add(toTimestamp(now), "timestamptz")),
    ];
    const under = prefixCondition(op.namespacePrefix, params);
    if (under !== undefined) where.push(under);
    const pushed = filterToSql(op.filter, params);
    if (pushed !== undefined) where.push(pushed);
    if (vectors !== undefined) {
      where.push(
        `NOT EXISTS (SELECT 1 FROM ${ctx.tables.vectors} AS v WHERE v.prefix = i.prefix AND v.key = i.key)`,
      );
    }
    const pageSize = filtered
      ? Math.max(SCAN_PAGE, wanted - ranked.length)
      : wanted - ranked.length;
    const { rows } = await db.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM ${ctx.tables.items} AS i WHERE ${where.join(" AND ")}
       ORDER BY i.seq LIMIT ${params.add(pageSize, "integer")}`,
      params.values,
    );
    for (const row of rows) {
      if (filtered && !matches(JSON.parse(row.value))) continue;
      ranked.push({ row });
      if (ranked.length === wanted) break;
    }
    if (rows.length < pageSize) break;
    after = rows.at(-1)!.seq;
  }
  return ranked.slice(offset, offset + limit);
}

/**
 * The `wanted` best live items under the prefix that pass the filter and have vectors,
 * by their best vector (each row of the ordered scan is one vector; an item's first row
 * is its best). The scan asks for more rows until enough items pass the filter. With an
 * HNSW index the ranking is approximate, as any ANN index; when the index returns fewer
 * rows than asked, the same query runs exactly, so a filter never hides items.
 */
async function rankByVector(
  db: PgQueryable,
  tables: StoreTables,
  plan: VectorPlan,
  op: SearchOperation,
  queryVector: number[],
  now: number,
  wanted: number,
): Promise<Ranked[]> {
  const matches = compileFilter(op.filter);
  let exact = plan.pgvector === undefined || !plan.hnsw;
  let k = Math.max(32, wanted * 2);
  for (;;) {
    if (!exact) {
      await db.query(
        plan.iterativeScan
          ? "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'strict_order', true)"
          : "SELECT set_config('hnsw.ef_search', $1, true)",
        [String(Math.min(MAX_EF_SEARCH, Math.max(plan.efSearch, k)))],
      );
    }
    const rows = await nearestRows(db, tables, plan, op, queryVector, now, k, exact);
    const seen = new Set<string>();
    const found: Ranked[] = [];
    for (const row of rows) {
      if (seen.has(row.seq)) continue;
      seen.add(row.seq);
      if (!matches(JSON.parse(row.value))) continue;
      found.push({ row, score: row.score });
    }
    // Equal scores: the older item first, as every Weft store.
    found.sort((a, b) => b.score! - a.score! || compareSeq(a.row.seq, b.row.seq));
    if (found.length >= wanted) return found.slice(0, wanted);
    if (rows.length < k) {
      if (exact) return found;
      exact = true;
      continue;
    }
    k *= 4;
  }
}

interface ScoredRow extends ItemRow {
  score: number;
}

/** The `k` vectors nearest to the query among live items under the prefix, best first. */
async function nearestRows(
  db: PgQueryable,
  tables: StoreTables,
  plan: VectorPlan,
  op: SearchOperation,
  queryVector: number[],
  now: number,
  k: number,
  exact: boolean,
): Promise<ScoredRow[]> {
  const params = new SqlParams();
  const literal = toRealArray(queryVector, plan.metric);
  let distance: string;
  if (plan.pgvector !== undefined) {
    const type = vectorType(plan.pgvector, plan.dims);
    const query = params.add(`[${literal.slice(1, -1)}]`, type);
    // This exact expression is what the HNSW index is built on.
    distance = `(v.embedding::${type}) ${distanceOperator(plan.pgvector, plan.metric)} ${query}`;
  } else {
    const query = params.add(literal, "float8[]");
    distance =
      plan.metric === "l2"
        ? `sqrt((SELECT sum((a - b) * (a - b)) FROM unnest(v.embedding, ${query}) AS t(a, b)))`
        : `-(SELECT sum(a * b) FROM unnest(v.embedding, ${query}) AS t(a, b))`;
  }
  const where = [liveCondition(params.add(toTimestamp(now), "timestamptz"))];
  const under = prefixCondition(op.namespacePrefix, params);
  if (under !== undefined) where.push(under);
  const pushed = filterToSql(op.filter, params);
  if (pushed !== undefined) where.push(pushed);
  // `+ 0` keeps the planner off the index: an exact scan. Ordering by the output column
  // computes the distance once per row and still lets the planner use the index.
  const computed = exact && plan.pgvector !== undefined ? `(${distance}) + 0` : distance;
  const { rows } = await db.query<ItemRow & { distance: number }>(
    `SELECT ${ITEM_COLUMNS}, ${computed} AS distance
     FROM ${tables.vectors} AS v JOIN ${tables.items} AS i ON i.prefix = v.prefix AND i.key = v.key
     WHERE ${where.join(" AND ")}
     ORDER BY distance LIMIT ${params.add(k, "integer")}`,
    params.values,
  );
  return rows.map((row) => ({ ...row, score: -row.distance }));
}

/** Orders two `bigint` sequence numbers given as decimal strings. */
function compareSeq(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** A ranked row as the search result, its score clamped where float rounding overshoots. */
export function toSearchItem(
  { row, score }: Ranked,
  metric: DistanceMetric | undefined,
): SearchItem {
  const item: SearchItem = toItem(row);
  if (score !== undefined) {
    item.score = metric === "cosine" ? Math.min(1, Math.max(-1, score)) : score;
  }
  return item;
}
