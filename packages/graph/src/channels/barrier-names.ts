import { InvalidUpdateError } from "../errors.ts";

/**
 * Adds the written names to `seen`. Returns true when at least one was new.
 * A name the barrier does not wait for means the graph was wired wrongly.
 *
 * @throws InvalidUpdateError code `INVALID_GRAPH_NODE_RETURN_VALUE` for an unknown name.
 */
export function recordNames<T>(
  kind: string,
  names: ReadonlySet<T>,
  seen: Set<T>,
  values: readonly T[],
): boolean {
  let changed = false;
  for (const name of values) {
    if (!names.has(name)) {
      throw new InvalidUpdateError(
        `${kind} received ${String(name)}, which is not one of the names it waits for: ${[...names].join(", ")}`,
        "INVALID_GRAPH_NODE_RETURN_VALUE",
        { kind, name, names: [...names] },
      );
    }
    if (!seen.has(name)) {
      seen.add(name);
      changed = true;
    }
  }
  return changed;
}
