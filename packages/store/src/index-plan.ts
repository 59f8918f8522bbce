// What to embed for an item: shared by every store backend (in-memory, SQL, Redis, Mongo).

import type { ResolvedIndexConfig } from "./embeddings.ts";
import { getTextAtPath } from "./json-path.ts";
import type { IndexConfig, PutOperation } from "./types.ts";
import { StoreInputError } from "./validate.ts";

/** One text of an item to embed, and the field it came from. */
export interface IndexEntry {
  /**
   * The field path, with `.<n>` appended when the path yielded several texts
   * (`"tags[*].0"`, `"tags[*].1"`), as the peer names them.
   */
  field: string;
  /** The text to embed. */
  text: string;
}

/** The store's default `fields`: the whole value as one text. */
export const DEFAULT_INDEX_FIELDS: readonly string[] = ["$"];

/**
 * The field paths to embed for a put: none when the store has no index or the put
 * says `index: false`, the put's own list when it gives one, else the store's
 * `fields` (default `["$"]`).
 */
export function resolveIndexFields(
  index: false | string[] | undefined,
  config: IndexConfig | undefined,
): readonly string[] {
  if (!config || index === false) return [];
  return index ?? config.fields ?? DEFAULT_INDEX_FIELDS;
}

/** The texts to embed for `value` under `fields`, in field order. */
export function extractIndexEntries(
  value: Record<string, unknown>,
  fields: readonly string[],
): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const field of fields) {
    const texts = getTextAtPath(value, field);
    if (texts.length === 1) entries.push({ field, text: texts[0]! });
    else {
      texts.forEach((text, i) => {
        entries.push({ field: `${field}.${i}`, text });
      });
    }
  }
  return entries;
}

/**
 * Splits the entries of an updated item into those whose text already has a vector
 * (`reuse`: the previous version of the item embedded the same text) and those to
 * embed (`embed`). Updating an item re-embeds only text that changed.
 */
export function planIndexUpdate(
  previousTexts: Iterable<string>,
  next: readonly IndexEntry[],
): { reuse: IndexEntry[]; embed: IndexEntry[] } {
  const known = new Set(previousTexts);
  const reuse: IndexEntry[] = [];
  const embed: IndexEntry[] = [];
  for (const entry of next) (known.has(entry.text) ? reuse : embed).push(entry);
  return { reuse, embed };
}

/** A put as a database backend writes it: the value's JSON and the texts to embed. */
export interface SerializedPut {
  /** JSON of the new value, or null for a delete. */
  json: string | null;
  entries: IndexEntry[];
}

/**
 * Serializes a put's value and lists the texts to embed under the put's `index` (or the
 * store's `fields`), before anything is written: a value that is not JSON data fails
 * here and the batch writes nothing.
 *
 * @throws StoreInputError `INVALID_INPUT` when the value cannot be stored as JSON.
 */
export function serializePut(
  op: PutOperation,
  index: ResolvedIndexConfig | undefined,
): SerializedPut {
  if (op.value === null) return { json: null, entries: [] };
  let json: string;
  try {
    json = JSON.stringify(op.value);
  } catch (cause) {
    throw new StoreInputError(
      `An item value must be JSON data; this one cannot be stored: ${(cause as Error).message}`,
      { namespace: op.namespace, key: op.key },
      cause,
    );
  }
  if (!index) return { json, entries: [] };
  return { json, entries: extractIndexEntries(op.value, resolveIndexFields(op.index, index)) };
}
