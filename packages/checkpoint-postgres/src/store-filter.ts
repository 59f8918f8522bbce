// Search filters pushed into SQL over the `jsonb` value. The one rule set stays
// `matchesFilter` from @weft/store: SQL narrows the rows, JavaScript decides.

import { isOperatorObject } from "@weft/store";
import type { SqlParams } from "./store-sql.ts";

/** A segment PostgreSQL would read as an array index in `#>`; containment cannot express it. */
const INDEX_SEGMENT = /^-?\d+$/;

type Primitive = string | number | boolean | null;

function isPrimitive(value: unknown): value is Primitive {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

/**
 * True when JavaScript's string order (UTF-16 code units) and the `"C"` collation's
 * (UTF-8 bytes, i.e. code points) agree on every comparison with `text`: they differ only
 * between a character above U+FFFF and one in U+E000..U+FFFF, and a comparand below
 * U+D800 throughout is never part of such a pair at the first difference.
 */
function orderSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0xd800) return false;
  return true;
}

/**
 * A necessary condition for `filter`, in SQL over `${alias}.value`, from the entries
 * PostgreSQL can test with the same meaning: equality with a string, finite number,
 * boolean or null (`@>` containment, served by the GIN index); `$gt $gte $lt $lte`
 * against a number or a string (typed, so `"10"` never compares with `9`); `$in` of
 * such values. Every row the filter keeps satisfies it; rows it lets through still get
 * the full check (`matchesFilter`). Undefined when no entry qualifies.
 *
 * @example
 * const params = new SqlParams();
 * filterToSql({ role: "admin", age: { $gte: 30 } }, params);
 * // (i.value @> $1::jsonb) AND (CASE WHEN jsonb_typeof(i.value #> $2::text[]) = 'number' ...)
 */
export function filterToSql(
  filter: Readonly<Record<string, unknown>> | undefined,
  params: SqlParams,
  alias = "i",
): string | undefined {
  if (filter === undefined) return undefined;
  const clauses: string[] = [];
  const column = `${alias}.value`;
  for (const [path, condition] of Object.entries(filter)) {
    const segments = path.split(".");
    if (segments.some((segment) => segment === "")) continue;
    if (isPrimitive(condition)) {
      clauses.push(equals(column, segments, condition, params));
      continue;
    }
    if (!isOperatorObject(condition)) continue;
    for (const [op, operand] of Object.entries(condition)) {
      const clause = operatorClause(column, segments, op, operand, params);
      if (clause !== undefined) clauses.push(clause);
    }
  }
  return clauses.length === 0 ? undefined : clauses.map((clause) => `(${clause})`).join(" AND ");
}

/** The field at `segments` equals `value` (jsonb equality: `1` equals `1.0`, as in JavaScript). */
function equals(column: string, segments: string[], value: Primitive, params: SqlParams): string {
  if (segments.some((segment) => INDEX_SEGMENT.test(segment))) {
    return `${column} #> ${params.add(segments, "text[]")} = ${params.add(JSON.stringify(value), "jsonb")}`;
  }
  // {"a": {"b": value}}: containment of a primitive below the top level is equality.
  let nested: unknown = value;
  for (let i = segments.length - 1; i >= 0; i--) nested = { [segments[i]!]: nested };
  return `${column} @> ${params.add(JSON.stringify(nested), "jsonb")}`;
}

function operatorClause(
  column: string,
  segments: string[],
  op: string,
  operand: unknown,
  params: SqlParams,
): string | undefined {
  if (op === "$eq")
    return isPrimitive(operand) ? equals(column, segments, operand, params) : undefined;
  if (op === "$in") {
    if (!Array.isArray(operand) || !operand.every(isPrimitive)) return undefined;
    const field = `${column} #> ${params.add(segments, "text[]")}`;
    const values = operand.map((value) => JSON.stringify(value));
    return `${field} = ANY(${params.add(values, "text[]")}::jsonb[])`;
  }
  const comparison = { $gt: ">", $gte: ">=", $lt: "<", $lte: "<=" }[op];
  if (comparison === undefined) return undefined;
  // Parameters are added only for a clause that is kept: a dropped one would leave
  // placeholders the statement never uses.
  const field = () => `${column} #> ${params.add(segments, "text[]")}`;
  if (typeof operand === "number" && Number.isFinite(operand)) {
    const at = field();
    // CASE, not AND: SQL may evaluate the cast first, and a string cannot be cast to numeric.
    return `CASE WHEN jsonb_typeof(${at}) = 'number' THEN (${at})::numeric ${comparison} ${params.add(String(operand), "numeric")} ELSE false END`;
  }
  if (typeof operand === "string" && orderSafe(operand)) {
    const at = field();
    return `CASE WHEN jsonb_typeof(${at}) = 'string' THEN (${at} #>> '{}') COLLATE "C" ${comparison} ${params.add(operand, "text")} ELSE false END`;
  }
  return undefined;
}
