import { CheckpointConfigError } from "@weft/checkpoint";

/**
 * Key prefix used when none is given: every key Weft writes starts with `weft:` or,
 * for keys grouped in one cluster slot, with `{weft:`.
 */
export const DEFAULT_KEY_PREFIX = "weft:";

/**
 * The parts of the key space, one per owner, so that a saver and a store sharing a
 * prefix never write the same key: the saver owns `thread` and `saver`, the store owns
 * `store`.
 */
export type KeyArea = "thread" | "saver" | "store";

/**
 * Checks a key prefix option and returns it (the default when undefined). A prefix is
 * a non-empty string without `{`, `}` or NUL: braces would change the hash tags that keep
 * one thread's keys in one cluster slot.
 *
 * @throws CheckpointConfigError `INVALID_CONFIG` for any other value.
 */
export function checkKeyPrefix(prefix: unknown, field = "keyPrefix"): string {
  if (prefix === undefined) return DEFAULT_KEY_PREFIX;
  if (
    typeof prefix !== "string" ||
    prefix === "" ||
    [..."{}\u0000"].some((c) => prefix.includes(c))
  ) {
    throw new CheckpointConfigError(
      `${field} must be a non-empty string without "{", "}" or NUL characters ` +
        `(e.g. "myapp:"); got ${JSON.stringify(prefix)}.`,
      { field },
    );
  }
  return prefix;
}

/**
 * A key in the group of `scope` (one thread, one store namespace...):
 * `{<prefix><area>:<scope>}:<part>`. The braces make the whole group one hash tag, so
 * all its keys live in one Redis Cluster slot and a Lua script may touch them together.
 * Distinct (scope, part) pairs never give the same key as long as `part` has no `}:`.
 *
 * @example
 * slotKey("weft:", "thread", "thread-1", "cp"); // "{weft:thread:thread-1}:cp"
 */
export function slotKey(prefix: string, area: KeyArea, scope: string, part: string): string {
  return `{${prefix}${area}:${scope}}:${part}`;
}

/**
 * A key outside every group (an index over all threads, a version marker):
 * `<prefix><area>:<part>`. Commands on it run on their own, never inside a script with
 * grouped keys (they may live in another cluster slot).
 *
 * @example
 * globalKey("weft:", "saver", "checkpoints"); // "weft:saver:checkpoints"
 */
export function globalKey(prefix: string, area: KeyArea, part: string): string {
  return `${prefix}${area}:${part}`;
}

/**
 * `SCAN … MATCH` patterns that together cover every key written under `prefix`, grouped
 * or not. For tests and maintenance scripts: a scan walks the whole key space.
 */
export function prefixPatterns(prefix: string): [plain: string, grouped: string] {
  const escaped = prefix.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
  return [`${escaped}*`, `{${escaped}*`];
}
