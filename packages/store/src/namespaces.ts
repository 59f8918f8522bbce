// Namespace matching and listing rules, shared by every store backend.

import type { ListNamespacesOperation, MatchCondition } from "./types.ts";

/** True when `namespace` starts with every label of `prefix` (`[]` matches all). */
export function hasNamespacePrefix(
  namespace: readonly string[],
  prefix: readonly string[],
): boolean {
  if (prefix.length > namespace.length) return false;
  for (let i = 0; i < prefix.length; i++) if (namespace[i] !== prefix[i]) return false;
  return true;
}

/** True when `namespace` satisfies one match condition (`"*"` matches any one label). */
export function matchesCondition(namespace: readonly string[], condition: MatchCondition): boolean {
  const { path } = condition;
  if (path.length > namespace.length) return false;
  const start = condition.matchType === "prefix" ? 0 : namespace.length - path.length;
  for (let i = 0; i < path.length; i++) {
    if (path[i] !== "*" && path[i] !== namespace[start + i]) return false;
  }
  return true;
}

/**
 * The order of `listNamespaces`: label by label in JavaScript string order, and a
 * namespace before the namespaces that extend it.
 */
export function compareNamespaces(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Applies a `listNamespaces` operation to the distinct namespaces a backend holds:
 * keeps those matching every condition, truncates to `maxDepth`, de-duplicates,
 * sorts with {@link compareNamespaces} and paginates. A backend may push conditions
 * into its query and still pass the rows through here for identical results.
 */
export function listNamespacesFrom(
  namespaces: Iterable<readonly string[]>,
  op: ListNamespacesOperation,
): string[][] {
  const conditions = op.matchConditions ?? [];
  const seen = new Map<string, string[]>();
  for (const namespace of namespaces) {
    if (!conditions.every((condition) => matchesCondition(namespace, condition))) continue;
    const kept = op.maxDepth === undefined ? namespace : namespace.slice(0, op.maxDepth);
    const id = JSON.stringify(kept);
    if (!seen.has(id)) seen.set(id, [...kept]);
  }
  const sorted = [...seen.values()].sort(compareNamespaces);
  const offset = op.offset ?? 0;
  return sorted.slice(offset, offset + (op.limit ?? sorted.length));
}
