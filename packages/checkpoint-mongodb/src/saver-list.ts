import type { Filter, Sort } from "mongodb";
import type { CheckpointDoc } from "./saver-documents.ts";
import { filterTerms } from "./saver-metadata.ts";

/** What every page of one `list` call shares: the filter, the order, and whether ids alone are unique. */
export interface ListScope {
  base: Filter<CheckpointDoc>;
  sort: Sort;
  /** True within one (thread, namespace), where the id alone orders and pages. */
  unique: boolean;
}

/**
 * The scope of a `list` call: thread and namespace when given, and the metadata filter
 * as terms (see `saver-metadata.ts`). Newest first, with `_id` breaking ties between
 * equal ids of different threads or namespaces; an index matches each shape.
 */
export function listScope(
  threadId: string | undefined,
  checkpointNs: string | undefined,
  filter: Readonly<Record<string, unknown>> | undefined,
): ListScope {
  const base: Filter<CheckpointDoc> = {};
  if (threadId !== undefined) base.thread_id = threadId;
  if (checkpointNs !== undefined) base.checkpoint_ns = checkpointNs;
  const terms = filterTerms(filter);
  if (terms.length > 0) base.meta_terms = { $all: terms };
  const unique = threadId !== undefined && checkpointNs !== undefined;
  return { base, unique, sort: unique ? { checkpoint_id: -1 } : { checkpoint_id: -1, _id: -1 } };
}

/**
 * The query of one `list` page: the base filter, the id conditions, and the position
 * after the last document of the previous page (by id, then `_id` across threads).
 */
export function pageQuery(
  base: Filter<CheckpointDoc>,
  only: string | undefined,
  beforeId: string | undefined,
  cursor: { id: string; key: string } | undefined,
  unique: boolean,
): Filter<CheckpointDoc> {
  const query: Filter<CheckpointDoc> = { ...base };
  let upper = beforeId;
  if (cursor !== undefined && unique && (upper === undefined || cursor.id < upper)) {
    upper = cursor.id;
  }
  const range: { $eq?: string; $lt?: string } = {};
  if (only !== undefined) range.$eq = only;
  if (upper !== undefined) range.$lt = upper;
  if (range.$eq !== undefined || range.$lt !== undefined) query.checkpoint_id = range;
  if (cursor !== undefined && !unique) {
    query.$or = [
      { checkpoint_id: { $lt: cursor.id } },
      { checkpoint_id: cursor.id, _id: { $lt: cursor.key } },
    ];
  }
  return query;
}
