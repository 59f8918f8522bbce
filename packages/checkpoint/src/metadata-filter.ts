/**
 * True when `metadata` has every key of `filter` with a deeply equal value: the
 * `filter` option of `BaseCheckpointSaver.list`. An empty or absent filter matches all.
 */
export function matchesMetadataFilter(
  metadata: Readonly<Record<string, unknown>> | undefined,
  filter: Readonly<Record<string, unknown>> | undefined,
): boolean {
  if (filter === undefined) return true;
  for (const key in filter) {
    if (!deepEqual(metadata?.[key], filter[key])) return false;
  }
  return true;
}

/** Structural equality of JSON-like data (plain objects, arrays, primitives, Dates). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) {
    if (!Object.hasOwn(b, key)) return false;
    if (!deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}
