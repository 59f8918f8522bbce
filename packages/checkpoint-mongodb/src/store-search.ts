// Search: namespace prefix, liveness and the pushed-down filter run on the server; the
// full filter is re-checked here; vectors are ranked exactly here, with the index and
// kernel InMemoryStore uses, so both stores return the same ranking.

import {
  compileFilter,
  isExpired,
  type SearchItem,
  type SearchOperation,
  shouldRefresh,
  VectorIndex,
  VectorSearch,
} from "@weft/store";
import type { StoreContext } from "./store-context.ts";
import { ITEM_PROJECTION, readVectors, toItem } from "./store-document.ts";
import { filterToQuery } from "./store-filter.ts";
import { allOf, type ItemQuery, liveCondition, namespaceCondition } from "./store-query.ts";
import { findByIds, type ReadDocument, refreshItems } from "./store-reads.ts";

/** Documents the driver fetches per round trip while scanning. */
const SCAN_BATCH = 256;

type Matcher = (value: Readonly<Record<string, unknown>>) => boolean;

/**
 * Answers one search: with a query vector, the items with vectors by descending score
 * (ties: older first), then the items without, oldest first, as InMemoryStore does;
 * without one, the matching items oldest first.
 */
export async function searchItems(
  ctx: StoreContext,
  op: SearchOperation,
  queryVector: number[] | undefined,
  now: number,
): Promise<SearchItem[]> {
  const offset = op.offset ?? 0;
  const limit = op.limit ?? 10;
  if (limit === 0) return [];
  const filtered = op.filter !== undefined && Object.keys(op.filter).length > 0;
  const matches = filtered ? compileFilter(op.filter) : undefined;
  const base = allOf(
    namespaceCondition(op.namespacePrefix),
    liveCondition(now),
    filtered ? filterToQuery(op.filter) : undefined,
  );

  const scored = queryVector
    ? await rankByVector(ctx, base, matches, queryVector, offset + limit)
    : [];
  const scoredPage = scored.slice(offset, offset + limit);
  const [unscored, scoredDocs] = await Promise.all([
    scanInOrder(
      ctx,
      queryVector ? allOf(base, { nvec: 0 }) : base,
      matches,
      Math.max(0, offset - scored.length),
      limit - scoredPage.length,
    ),
    fetchScored(ctx, scoredPage, matches, now),
  ]);

  const page: { doc: ReadDocument; score?: number }[] = [];
  for (const { id, score } of scoredPage) {
    const doc = scoredDocs.get(id);
    // Deleted or changed by another client since it was ranked: left out.
    if (doc !== undefined) page.push({ doc, score });
  }
  for (const doc of unscored) page.push({ doc });
  if (shouldRefresh(op.refreshTtl, ctx.ttl)) {
    await refreshItems(
      ctx,
      page.map(({ doc }) => doc),
      now,
    );
  }
  return page.map(({ doc, score }) => {
    const item: SearchItem = toItem(doc);
    if (score !== undefined) item.score = Math.min(1, Math.max(-1, score));
    return item;
  });
}

/**
 * Matching items in creation order: skips the first `skip`, returns up to `take`. Without
 * a filter the server paginates; with one, documents the server let through are checked
 * with the full filter as they stream in.
 */
async function scanInOrder(
  ctx: StoreContext,
  query: ItemQuery,
  matches: Matcher | undefined,
  skip: number,
  take: number,
): Promise<ReadDocument[]> {
  if (take <= 0) return [];
  const find = () =>
    ctx.items.find(query, { projection: ITEM_PROJECTION }).sort({ seq: 1, _id: 1 });
  if (matches === undefined) {
    return ctx.connection.call(
      "search",
      () => find().skip(skip).limit(take).toArray() as Promise<ReadDocument[]>,
    );
  }
  return ctx.connection.call("search", async () => {
    const out: ReadDocument[] = [];
    const cursor = find().batchSize(SCAN_BATCH);
    try {
      for await (const doc of cursor) {
        if (!matches(JSON.parse((doc as ReadDocument).value))) continue;
        if (skip > 0) skip--;
        else if (out.push(doc as ReadDocument) === take) break;
      }
    } finally {
      await cursor.close();
    }
    return out;
  });
}

/**
 * The `wanted` best items with vectors, scored exactly: every vector under the prefix
 * that passes the filter is read (only ids, order and vectors cross the wire, plus the
 * value when the filter needs re-checking) and ranked by `VectorSearch`.
 */
async function rankByVector(
  ctx: StoreContext,
  base: ItemQuery,
  matches: Matcher | undefined,
  queryVector: number[],
  wanted: number,
): Promise<{ id: string; score: number }[]> {
  const projection: Record<string, 1> = { _id: 1, seq: 1, embedding: 1, "vectors.v": 1 };
  if (matches !== undefined) projection.value = 1;
  const index = new VectorIndex(ctx.index!.dims, 256);
  const search = new VectorSearch<string>(index, queryVector);
  await ctx.connection.call("search", async () => {
    const cursor = ctx.items
      .find(allOf(base, { nvec: { $gt: 0 } }), { projection })
      .batchSize(SCAN_BATCH);
    for await (const doc of cursor) {
      if (matches !== undefined && !matches(JSON.parse(doc.value))) continue;
      for (const { vector } of readVectors(doc)) {
        search.add(doc._id, doc.seq, index.add(vector.toFloat32Array()));
      }
    }
  });
  return search.top(wanted).map(({ score, value }) => ({ id: value, score }));
}

/** The full documents of ranked items, still live and still matching. */
async function fetchScored(
  ctx: StoreContext,
  ranked: readonly { id: string }[],
  matches: Matcher | undefined,
  now: number,
): Promise<Map<string, ReadDocument>> {
  const docs = await findByIds<ReadDocument>(
    ctx,
    "search",
    ranked.map(({ id }) => id),
    { ...ITEM_PROJECTION, expiresAt: 1 },
  );
  return new Map(
    docs
      .filter((doc) => !isExpired(doc.expiresAt?.getTime() ?? null, now))
      .filter((doc) => matches === undefined || matches(JSON.parse(doc.value)))
      .map((doc) => [doc._id, doc]),
  );
}
