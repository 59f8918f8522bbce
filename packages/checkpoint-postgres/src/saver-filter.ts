import { PEER_JSON_TYPE, WEFT_JSON_TYPE } from "@weft/checkpoint";

/**
 * Metadata filters run in SQL first, as `metadata_filter @> filter` on a JSONB copy of
 * plain metadata, and then exactly in JavaScript (`matchesMetadataFilter`): containment
 * can let through a row that is not deeply equal (a longer array, an object with more
 * keys), never drop one that is, as long as both sides are plain JSON. So the copy is
 * only made of plain data, the filter is only pushed down when it is plain, and rows
 * without a copy (metadata with Dates, class instances, odd strings...) are always
 * checked in JavaScript.
 */

/** Serializers whose output is plaintext JSON anyway: a JSONB copy reveals nothing more. */
const PLAINTEXT_TYPES = new Set([WEFT_JSON_TYPE, PEER_JSON_TYPE]);

/** A lone surrogate, which JSONB refuses. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text JSONB can hold: no lone surrogate and no NUL character. */
function jsonbSafe(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/**
 * The JSONB text of checkpoint metadata for the `metadata_filter` column, or null when
 * it must not be kept (the serializer's output is not plaintext JSON, e.g. encrypted)
 * or is not plain JSON data.
 */
export function metadataFilterColumn(metadata: unknown, serializedType: string): string | null {
  if (!PLAINTEXT_TYPES.has(serializedType) || !isPlain(metadata, true)) return null;
  return JSON.stringify(metadata);
}

/** The JSONB text of a `list` filter to push down, or undefined when it must run in JavaScript only. */
export function pushableFilter(filter: Readonly<Record<string, unknown>>): string | undefined {
  return isPlain(filter, false) ? JSON.stringify(filter) : undefined;
}

/**
 * True for data whose JSON text is a faithful image for deep equality: null, booleans,
 * finite numbers other than -0, strings JSONB accepts, arrays and plain objects of
 * those. `undefinedMembers` allows object members that are undefined (JSON drops them,
 * and a plain filter can never equal them).
 */
function isPlain(value: unknown, undefinedMembers: boolean, depth = 0): boolean {
  if (depth > 64) return false;
  switch (typeof value) {
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "string":
      return jsonbSafe(value);
    case "object": {
      if (value === null) return true;
      if (Array.isArray(value)) {
        return value.every(
          (item) => item !== undefined && isPlain(item, undefinedMembers, depth + 1),
        );
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key of Object.keys(value)) {
        if (!jsonbSafe(key)) return false;
        const member = (value as Record<string, unknown>)[key];
        if (member === undefined) {
          if (!undefinedMembers) return false;
          continue;
        }
        if (!isPlain(member, undefinedMembers, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
