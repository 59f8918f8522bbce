import { deepEqual } from "@weft/checkpoint";

/** The comparison operators a search filter understands. */
export const FILTER_OPERATORS = [
  "$eq",
  "$ne",
  "$gt",
  "$gte",
  "$lt",
  "$lte",
  "$in",
  "$nin",
] as const;

/** One of {@link FILTER_OPERATORS}. */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

const OPERATORS = new Set<string>(FILTER_OPERATORS);

/**
 * The value at a dotted path (`"profile.address.city"`) inside `value`, or `undefined`.
 * Array elements are reached with numeric segments (`"tags.0"`).
 */
export function getValueAtPath(value: unknown, path: string): unknown {
  return valueAt(value, path.split("."));
}

function valueAt(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, segments[i]!)) return undefined;
    current = (current as Record<string, unknown>)[segments[i]!];
  }
  return current;
}

/** True when `condition` is an object whose keys are all filter operators. */
export function isOperatorObject(condition: unknown): condition is Record<FilterOperator, unknown> {
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return false;
  const keys = Object.keys(condition);
  return keys.length > 0 && keys.every((key) => OPERATORS.has(key));
}

/**
 * True when an item's `value` satisfies every entry of `filter` (the `filter` of
 * `search`). The one rule set of every backend: SQL, Redis and Mongo stores may push
 * what they can into their query and must re-check rows with this function.
 *
 * - `{path: x}` with a primitive or array `x`: the field deeply equals `x`.
 * - `{path: {$op: x, ...}}`: every operator holds. `$gt $gte $lt $lte` compare numbers
 *   with numbers and strings with strings (so ISO dates work); any other pairing is
 *   false. `$ne` and `$nin` hold for a missing field.
 * - `{path: {a: 1}}` (an object without operators): the field is an object whose
 *   entries match recursively (a partial match).
 * - An unknown `$` key throws nothing: the condition is treated as a nested match
 *   and fails, so a typo never silently matches everything.
 */
export function matchesFilter(
  value: Readonly<Record<string, unknown>>,
  filter: Readonly<Record<string, unknown>> | undefined,
): boolean {
  return compileFilter(filter)(value);
}

/**
 * {@link matchesFilter} with the filter parsed once: use it to test many items
 * against one filter (paths are split up front, nothing is allocated per item).
 */
export function compileFilter(
  filter: Readonly<Record<string, unknown>> | undefined,
): (value: Readonly<Record<string, unknown>>) => boolean {
  if (filter === undefined) return () => true;
  const tests = Object.entries(filter).map(([path, condition]) => compileEntry(path, condition));
  if (tests.length === 1) return tests[0]!;
  return (value) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(value)) return false;
    return true;
  };
}

/** One filter entry as a test; `{ field: primitive }`, the common case, compares directly. */
function compileEntry(
  path: string,
  condition: unknown,
): (value: Readonly<Record<string, unknown>>) => boolean {
  const segments = path.split(".");
  const primitive =
    typeof condition === "string" ||
    typeof condition === "boolean" ||
    (typeof condition === "number" && condition !== 0 && !Number.isNaN(condition));
  if (primitive && segments.length === 1) {
    // Deep equality with a primitive is `===` here; the own-property check runs on a hit only.
    const key = segments[0]!;
    return (value) => value[key] === condition && Object.hasOwn(value, key);
  }
  return (value) => matchesCondition(valueAt(value, segments), condition);
}

function matchesCondition(actual: unknown, condition: unknown): boolean {
  if (isOperatorObject(condition)) {
    for (const op in condition) {
      if (!applyOperator(op as FilterOperator, actual, condition[op as FilterOperator])) {
        return false;
      }
    }
    return true;
  }
  if (condition !== null && typeof condition === "object" && !Array.isArray(condition)) {
    if (!(condition instanceof Date)) {
      if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
      for (const key in condition) {
        const nested = Object.hasOwn(actual, key)
          ? (actual as Record<string, unknown>)[key]
          : undefined;
        if (!matchesCondition(nested, (condition as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
  }
  return deepEqual(actual, condition);
}

/** Evaluates one operator; exported for backends that evaluate conditions themselves. */
export function applyOperator(op: FilterOperator, actual: unknown, expected: unknown): boolean {
  switch (op) {
    case "$eq":
      return deepEqual(actual, expected);
    case "$ne":
      return !deepEqual(actual, expected);
    case "$gt":
      return compare(actual, expected, (c) => c > 0);
    case "$gte":
      return compare(actual, expected, (c) => c >= 0);
    case "$lt":
      return compare(actual, expected, (c) => c < 0);
    case "$lte":
      return compare(actual, expected, (c) => c <= 0);
    case "$in":
      return Array.isArray(expected) && expected.some((candidate) => deepEqual(actual, candidate));
    case "$nin":
      return (
        !Array.isArray(expected) || !expected.some((candidate) => deepEqual(actual, candidate))
      );
  }
}

function compare(actual: unknown, expected: unknown, test: (order: number) => boolean): boolean {
  if (typeof actual === "number" && typeof expected === "number") {
    if (Number.isNaN(actual) || Number.isNaN(expected)) return false;
    return test(actual < expected ? -1 : actual > expected ? 1 : 0);
  }
  if (typeof actual === "string" && typeof expected === "string") {
    return test(actual < expected ? -1 : actual > expected ? 1 : 0);
  }
  return false;
}
