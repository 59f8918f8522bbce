import type { Operation, PutOperation, SearchOperation } from "./types.ts";
import { operationKind } from "./validate.ts";

/** What a batch writes and which query texts it embeds, as every store backend applies it. */
export interface BatchWrites {
  /** The batch's puts (and deletes), one per item: the last one wins, at the first one's place. */
  puts: PutOperation[];
  /** The distinct texts of the batch's vector searches; none when the store has no index. */
  queries: string[];
}

/**
 * Sorts a validated batch's writes out: several puts to one item collapse into the last,
 * kept at the position of the first so that creation order follows the batch; the query
 * texts to embed are collected when the store has a vector index.
 */
export function batchWrites(operations: readonly Operation[], indexed: boolean): BatchWrites {
  const puts = new Map<string, PutOperation>();
  const queries = new Set<string>();
  for (const op of operations) {
    const kind = operationKind(op);
    if (kind === "put") {
      const put = op as PutOperation;
      puts.set(JSON.stringify([...put.namespace, put.key]), put);
    } else if (kind === "search" && indexed) {
      const query = (op as SearchOperation).query;
      if (query) queries.add(query);
    }
  }
  return { puts: [...puts.values()], queries: [...queries] };
}
