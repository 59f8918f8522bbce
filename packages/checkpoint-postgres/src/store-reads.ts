// Gets, namespace listing and TTL refreshes: one statement each per batch.

import {
  expiresAt,
  type GetOperation,
  type ListNamespacesOperation,
  listNamespacesFrom,
} from "@weft/store";
import type { PgQueryable } from "./connection.ts";
import type { StoreTables } from "./store-schema.ts";
import {
  ITEM_COLUMNS,
  type ItemRow,
  joinNamespace,
  liveCondition,
  prefixCondition,
  SqlParams,
  toTimestamp,
} from "./store-sql.ts";

const rowId = (prefix: string, key: string) => `${prefix}\u0000${key}`;

/** The live rows of every get of a batch, in one statement; a missing item is `null`. */
export async function getRows(
  db: PgQueryable,
  tables: StoreTables,
  gets: readonly GetOperation[],
  now: number,
): Promise<(ItemRow | null)[]> {
  if (gets.length === 0) return [];
  const prefixes = gets.map((get) => joinNamespace(get.namespace));
  const { rows } = await db.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM ${tables.items} AS i
     JOIN unnest($1::text[], $2::text[]) AS g(prefix, key) ON i.prefix = g.prefix AND i.key = g.key
     WHERE ${liveCondition("$3::timestamptz")}`,
    [prefixes, gets.map((get) => get.key), toTimestamp(now)],
  );
  const found = new Map(rows.map((row) => [rowId(row.prefix, row.key), row]));
  return gets.map((get, i) => found.get(rowId(prefixes[i]!, get.key)) ?? null);
}

/**
 * The namespaces of a `listNamespaces` operation. The distinct namespaces are read by
 * skipping through the primary key (one index probe per namespace, never a pass over
 * every item), inside the range the literal leading labels of a prefix condition give;
 * the rest (wildcards, suffixes, depth, order, pages) is `listNamespacesFrom`, the rule
 * every store shares.
 */
export async function listNamespaces(
  db: PgQueryable,
  tables: StoreTables,
  op: ListNamespacesOperation,
  now: number,
): Promise<string[][]> {
  const params = new SqlParams();
  const where = [liveCondition(params.add(toTimestamp(now), "timestamptz"))];
  const prefix = op.matchConditions?.find((condition) => condition.matchType === "prefix");
  if (prefix !== undefined) {
    const star = prefix.path.indexOf("*");
    const literal = star < 0 ? prefix.path : prefix.path.slice(0, star);
    const under = prefixCondition(literal, params);
    if (under !== undefined) where.push(under);
  }
  const live = where.join(" AND ");
  // A loose index scan: each step finds the next namespace after the previous one.
  const { rows } = await db.query<{ prefix: string }>(
    `WITH RECURSIVE found(prefix) AS (
       (SELECT i.prefix FROM ${tables.items} AS i WHERE ${live} ORDER BY i.prefix LIMIT 1)
       UNION ALL
       SELECT (SELECT i.prefix FROM ${tables.items} AS i
               WHERE i.prefix > found.prefix AND ${live} ORDER BY i.prefix LIMIT 1)
       FROM found WHERE found.prefix IS NOT NULL
     )
     SELECT prefix FROM found WHERE prefix IS NOT NULL`,
    params.values,
  );
  return listNamespacesFrom(
    rows.map((row) => row.prefix.split(".")),
    op,
  );
}

/** An item whose expiry a read extends. */
export interface Refresh {
  prefix: string;
  key: string;
  ttlMinutes: number;
}

/** Extends the expiry of every refreshed item to `now` + its TTL, in one statement. */
export async function refreshTtls(
  db: PgQueryable,
  tables: StoreTables,
  refreshes: readonly Refresh[],
  now: number,
): Promise<void> {
  if (refreshes.length === 0) return;
  const unique = new Map(refreshes.map((r) => [rowId(r.prefix, r.key), r]));
  const list = [...unique.values()];
  await db.query(
    `UPDATE ${tables.items} AS i SET expires_at = r.expires
     FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS r(prefix, key, expires)
     WHERE i.prefix = r.prefix AND i.key = r.key AND i.ttl_minutes IS NOT NULL`,
    [
      list.map((r) => r.prefix),
      list.map((r) => r.key),
      list.map((r) => toTimestamp(expiresAt(now, r.ttlMinutes)!)),
    ],
  );
}
