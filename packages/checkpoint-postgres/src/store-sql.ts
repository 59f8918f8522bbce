// SQL pieces the store's reads and writes share: bound parameters, item rows, namespaces.

import type { Item } from "@weft/store";

/**
 * Bound parameters of one statement under construction: {@link add} returns the
 * placeholder (`$3`) of a value, so values never enter the SQL text.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** The placeholder of `value`, with an optional cast (`$2::text[]`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast === undefined ? `$${this.values.length}` : `$${this.values.length}::${cast}`;
  }
}

/** An item row as the store selects it (alias `i`). */
export interface ItemRow {
  prefix: string;
  key: string;
  /** The value as JSON text (`jsonb::text`), parsed by the store, whatever the pool's type parsers. */
  value: string;
  /** `bigint` arrives as a string from `pg`; only compared and sent back. */
  seq: string;
  created_ms: number;
  updated_ms: number;
  ttl_minutes: number | null;
}

/** The columns of {@link ItemRow}, selected from items aliased `i`. */
export const ITEM_COLUMNS =
  "i.prefix, i.key, i.value::text AS value, i.seq::text AS seq, " +
  "(extract(epoch FROM i.created_at) * 1000)::float8 AS created_ms, " +
  "(extract(epoch FROM i.updated_at) * 1000)::float8 AS updated_ms, i.ttl_minutes";

/** The namespace of an item as stored: labels joined with "." (labels never hold one). */
export function joinNamespace(namespace: readonly string[]): string {
  return namespace.join(".");
}

/** A timestamp parameter: epoch milliseconds as ISO text, exact to the millisecond. */
export function toTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** `i` is alive at the time bound to `now` (a placeholder). */
export function liveCondition(now: string, alias = "i"): string {
  return `(${alias}.expires_at IS NULL OR ${alias}.expires_at > ${now})`;
}

/**
 * "The namespace of `i` starts with `prefix`": the prefix itself, or any namespace
 * under it (`a.b.` ≤ x < `a.b/` in the `"C"` collation, "/" following "."). Written as
 * the one range `a.b` ≤ x < `a.b/` of the primary key, which the index scans, narrowed
 * by a filter that drops the neighbours inside it (`a.b-c`). Undefined for `[]`.
 */
export function prefixCondition(
  prefix: readonly string[],
  params: SqlParams,
  alias = "i",
): string | undefined {
  if (prefix.length === 0) return undefined;
  const p = joinNamespace(prefix);
  const column = `${alias}.prefix`;
  const exact = params.add(p);
  return (
    `(${column} >= ${exact} AND ${column} < ${params.add(`${p}/`)} ` +
    `AND (${column} = ${exact} OR ${column} >= ${params.add(`${p}.`)}))`
  );
}

/** An item row as the store API returns it. */
export function toItem(row: ItemRow): Item {
  return {
    value: JSON.parse(row.value),
    key: row.key,
    namespace: row.prefix.split("."),
    createdAt: new Date(row.created_ms),
    updatedAt: new Date(row.updated_ms),
  };
}
