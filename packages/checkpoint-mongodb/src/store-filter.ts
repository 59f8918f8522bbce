// Store filters as MongoDB queries. Item values are stored as JSON text (MongoDB and
// FerretDB refuse keys with "." or a leading "$", which user data may hold), so each item
// also carries `q`: a flat, queryable copy of its scalar fields keyed by escaped dotted
// path. A search filter becomes conditions on `q`, which the server evaluates (with an
// index on MongoDB); the store then re-checks every returned item with `matchesFilter`,
// the one rule set of every backend. The translation must therefore never drop an item
// the filter keeps: each function below says why its condition is a necessary one.

import { isOperatorObject } from "@weft/store";

/** A scalar the queryable copy holds. */
export type QueryScalar = string | number | boolean;

/** The queryable copy of one value: `q`, and whether some of the value is missing from it. */
export interface QueryableCopy {
  q: Record<string, QueryScalar>;
  /**
   * True when a scalar reachable by a filter path is not in `q` (a long or malformed
   * string, or more than {@link MAX_QUERY_FIELDS} scalars): the filter query then always
   * lets the item through to the in-process check.
   */
  partial: boolean;
}

/** Most scalars copied into `q` per item; past it the item is marked partial. */
export const MAX_QUERY_FIELDS = 1_000;
/** Longest string (UTF-16 units) copied into `q`; longer ones mark the item partial. */
export const MAX_QUERY_STRING = 1_024;

const NUL = String.fromCharCode(0);
/** A lone surrogate: such strings change when encoded as UTF-8, so they are never compared on the server. */
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * A character that keeps a string from being a range bound: MongoDB orders strings by
 * their UTF-8 bytes (code point order), JavaScript by UTF-16 units. The two orders agree
 * whenever the bound holds only characters below U+D800, whatever the stored string is.
 */
const UNSAFE_RANGE_CHAR = /[\ud800-\uffff]/;

/**
 * The field name of a dotted path inside `q`: `.`, `$`, `%` and NUL are %-escaped, so
 * the name is legal for MongoDB and FerretDB and different paths never share a name.
 */
export function queryField(path: string): string {
  return path
    .replace(/[%.$]/g, (char) => `%${char.charCodeAt(0).toString(16)}`)
    .replaceAll(NUL, "%00");
}

/** A filter path the copy can hold: no empty segment (split on "." like `getValueAtPath`). */
function pushablePath(path: string): boolean {
  return path.split(".").every((segment) => segment !== "");
}

/**
 * The scalars of `value` by dotted path, as `getValueAtPath` reaches them: object keys
 * and array indexes joined with ".". Keys containing "." (or empty) are skipped: no filter
 * path can reach them, since paths are split on ".". This also makes every path unique.
 * `null` is not copied (conditions on `null` are never pushed down) and `-0` is stored as
 * `0`, as the JSON text the store keeps has it.
 */
export function queryableCopy(value: Record<string, unknown>): QueryableCopy {
  const q: Record<string, QueryScalar> = {};
  let count = 0;
  let partial = false;
  const visit = (node: unknown, path: string): void => {
    if (partial) return;
    if (typeof node === "string") {
      if (node.length > MAX_QUERY_STRING || LONE_SURROGATE.test(node)) partial = true;
      else add(path, node);
    } else if (typeof node === "number") {
      if (Number.isFinite(node)) add(path, node === 0 ? 0 : node);
    } else if (typeof node === "boolean") {
      add(path, node);
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) visit(node[i], `${path}.${i}`);
    } else if (node !== null && typeof node === "object" && !(node instanceof Date)) {
      for (const key of Object.keys(node)) {
        if (key === "" || key.includes(".") || LONE_SURROGATE.test(key)) continue;
        visit((node as Record<string, unknown>)[key], path === "" ? key : `${path}.${key}`);
      }
    }
  };
  const add = (path: string, scalar: QueryScalar): void => {
    if (++count > MAX_QUERY_FIELDS) {
      partial = true;
      return;
    }
    q[queryField(path)] = scalar;
  };
  visit(value, "");
  if (partial) return { q: {}, partial };
  return { q, partial };
}

/** A scalar a condition may compare on the server with the same result as JavaScript. */
function pushableScalar(value: unknown): value is QueryScalar {
  if (typeof value === "string") return !LONE_SURROGATE.test(value);
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  return typeof value === "boolean";
}

const RANGE_OPERATORS = new Set(["$gt", "$gte", "$lt", "$lte"]);

/**
 * The MongoDB query for a search filter, over `q`; undefined when no part of the filter
 * can be pushed down. Pushed down: equality with a string, finite number or boolean;
 * `$eq $ne $in $nin` with such scalars; `$gt $gte $lt $lte` with a number, or a string
 * whose characters are all below U+D800; nested objects without operators, field by
 * field. Everything else (`null`, arrays, objects compared whole, dates) is left to the
 * in-process check. Items marked partial always pass.
 *
 * Why the result is exact on the scalars it compares: `q` holds the very scalar each path
 * reaches, and nothing at paths holding `null`, objects or arrays, where JavaScript equality
 * with a scalar is false and `$ne`/`$nin` true, as MongoDB's are for a missing field;
 * MongoDB compares numbers only with numbers and strings only with strings, as
 * `matchesFilter` does.
 *
 * @example filterToQuery({ role: "admin", "stats.age": { $gte: 18 } })
 * // { $or: [{ qPartial: true }, { $and: [{ "q.role": "admin" }, { "q.stats%2eage": { $gte: 18 } }] }] }
 */
export function filterToQuery(
  filter: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (filter === undefined) return undefined;
  const clauses: Record<string, unknown>[] = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (pushablePath(path)) pushCondition(clauses, path, condition);
  }
  if (clauses.length === 0) return undefined;
  return { $or: [{ qPartial: true }, clauses.length === 1 ? clauses[0]! : { $and: clauses }] };
}

function pushCondition(clauses: Record<string, unknown>[], path: string, condition: unknown): void {
  const field = `q.${queryField(path)}`;
  if (pushableScalar(condition)) {
    clauses.push({ [field]: condition });
    return;
  }
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return;
  if (condition instanceof Date) return;
  if (isOperatorObject(condition)) {
    const ops: Record<string, unknown> = {};
    for (const [op, operand] of Object.entries(condition)) {
      const pushed = pushOperator(op, operand);
      if (pushed !== undefined) ops[op] = pushed;
    }
    if (Object.keys(ops).length > 0) clauses.push({ [field]: ops });
    return;
  }
  // A plain object matches the fields it names, each at the nested path.
  for (const [key, nested] of Object.entries(condition)) {
    if (key === "" || key.includes(".")) continue;
    pushCondition(clauses, `${path}.${key}`, nested);
  }
}

/** The operand to send for `op`, or undefined when the server could disagree with JavaScript. */
function pushOperator(op: string, operand: unknown): unknown {
  if (op === "$eq" || op === "$ne") return pushableScalar(operand) ? operand : undefined;
  if (op === "$in" || op === "$nin") {
    return Array.isArray(operand) && operand.every(pushableScalar) ? operand : undefined;
  }
  if (RANGE_OPERATORS.has(op)) {
    if (typeof operand === "number") return Number.isFinite(operand) ? operand : undefined;
    if (typeof operand === "string") return !UNSAFE_RANGE_CHAR.test(operand) ? operand : undefined;
  }
  return undefined;
}
