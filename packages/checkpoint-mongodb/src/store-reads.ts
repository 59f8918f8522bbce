// Gets, namespace listings and TTL refreshes: the reads of a batch besides searches.

import {
  expiresAt,
  type GetOperation,
  type Item,
  isExpired,
  type ListNamespacesOperation,
  listNamespacesFrom,
  shouldRefresh,
} from "@weft/store";
import type { AnyBulkWriteOperation, Document } from "mongodb";
import type { StoreContext } from "./store-context.ts";
import { ITEM_PROJECTION, type ItemDocument, itemId, toItem } from "./store-document.ts";
import { allOf, liveCondition, namespaceCondition } from "./store-query.ts";

/** An item document with the fields reads project. */
export type ReadDocument = Pick<
  ItemDocument,
  "_id" | "ns" | "key" | "value" | "createdAt" | "updatedAt" | "seq" | "ttl" | "expiresAt"
>;

/** What reads by id project: the item, and its expiry, checked here. */
const READ_PROJECTION = { ...ITEM_PROJECTION, expiresAt: 1 } as const;

/**
 * The documents of the given items, live or not, by id: one `$in` query, or one query
 * per id where the server reads those faster (`pointReads`).
 */
export async function findByIds<T extends Document>(
  ctx: StoreContext,
  operation: string,
  ids: readonly string[],
  projection: Record<string, 1>,
): Promise<T[]> {
  if (ids.length === 0) return [];
  const { items, connection } = ctx;
  if (ctx.pointReads || ids.length === 1) {
    const docs = await connection.call(operation, () =>
      Promise.all(ids.map((id) => items.findOne({ _id: id }, { projection }))),
    );
    return docs.filter((doc) => doc !== null) as unknown as T[];
  }
  return connection.call(
    operation,
    () => items.find({ _id: { $in: [...ids] } }, { projection }).toArray() as Promise<unknown>,
  ) as Promise<T[]>;
}

/** Answers every get of a batch; results in the order of `ops`. */
export async function getItems(
  ctx: StoreContext,
  ops: readonly GetOperation[],
  now: number,
): Promise<(Item | null)[]> {
  if (ops.length === 0) return [];
  const ids = [...new Set(ops.map((op) => itemId(op.namespace, op.key)))];
  const docs = await findByIds<ReadDocument>(ctx, "get", ids, READ_PROJECTION);
  const byId = new Map(
    docs
      .filter((doc) => !isExpired(doc.expiresAt?.getTime() ?? null, now))
      .map((doc) => [doc._id, doc]),
  );
  const refresh = new Map<string, ReadDocument>();
  const results = ops.map((op) => {
    const doc = byId.get(itemId(op.namespace, op.key));
    if (doc === undefined) return null;
    if (shouldRefresh(op.refreshTtl, ctx.ttl)) refresh.set(doc._id, doc);
    return toItem(doc);
  });
  await refreshItems(ctx, [...refresh.values()], now);
  return results;
}

/**
 * Restarts the TTL of the given items (those with one) from `now`, in one bulk write of
 * updates by id, skipping items that expired meanwhile.
 */
export async function refreshItems(
  ctx: StoreContext,
  docs: readonly Pick<ItemDocument, "_id" | "ttl">[],
  now: number,
): Promise<void> {
  const nowDate = new Date(now);
  const ops: AnyBulkWriteOperation<ItemDocument>[] = [];
  for (const { _id, ttl } of docs) {
    if (ttl === null || ttl === undefined) continue;
    ops.push({
      updateOne: {
        filter: { _id, expiresAt: { $gt: nowDate } },
        update: { $set: { expiresAt: new Date(expiresAt(now, ttl)!) } },
      },
    });
  }
  if (ops.length === 0) return;
  await ctx.connection.call("refreshTtl", () => ctx.items.bulkWrite(ops, { ordered: false }));
}

/**
 * The namespaces holding live items, through `listNamespacesFrom` (the shared rules).
 * The leading labels of a prefix condition, up to its first `"*"`, narrow the query.
 */
export async function listNamespaces(
  ctx: StoreContext,
  op: ListNamespacesOperation,
  now: number,
): Promise<string[][]> {
  const prefix = op.matchConditions?.find((condition) => condition.matchType === "prefix");
  const wildcard = prefix?.path.indexOf("*") ?? -1;
  const leading = prefix ? prefix.path.slice(0, wildcard < 0 ? undefined : wildcard) : [];
  const namespaces = await ctx.connection.call("listNamespaces", () =>
    ctx.items.distinct("ns", allOf(namespaceCondition(leading), liveCondition(now))),
  );
  return listNamespacesFrom(
    (namespaces as string[]).map((ns) => ns.split(".")),
    op,
  );
}
