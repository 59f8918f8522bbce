import { createHash } from "node:crypto";

// Metadata is stored as serializer bytes, which no query can look into. To keep `list`
// filters index-backed without storing user data as raw documents (FerretDB refuses keys
// with "." or "$", nested arrays, NaN...), each checkpoint also carries one string "term"
// per top-level metadata key: the key and a canonical text of its value. A filter becomes
// `{ meta_terms: { $all: terms } }` over a multikey index, and the saver then re-checks
// the decoded metadata with `matchesMetadataFilter`, so the terms only need to be a
// superset: two values `deepEqual` calls equal must always give the same term.

/** Terms longer than this are replaced by a hash, keeping index keys small. */
const MAX_TERM_LENGTH = 160;
/** Deeper values get no term (a filter on that key is then checked in process only). */
const MAX_DEPTH = 32;

/** The terms stored with a checkpoint whose (decoded) metadata is `metadata`. */
export function metadataTerms(metadata: Readonly<Record<string, unknown>> | undefined): string[] {
  const terms: string[] = [];
  if (metadata === undefined || metadata === null) return terms;
  for (const key of Object.keys(metadata)) {
    const term = termOf(key, metadata[key]);
    if (term !== undefined) terms.push(term);
  }
  return terms;
}

/**
 * The terms a checkpoint must carry to possibly match `filter`. A key whose value has no
 * canonical text (undefined, functions, cycles) adds no term: it is checked in process.
 */
export function filterTerms(filter: Readonly<Record<string, unknown>> | undefined): string[] {
  const terms: string[] = [];
  if (filter === undefined) return terms;
  for (const key in filter) {
    const term = termOf(key, filter[key]);
    if (term !== undefined) terms.push(term);
  }
  return [...new Set(terms)];
}

function termOf(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = canonical(value, 0);
  if (text === undefined) return undefined;
  const term = `${JSON.stringify(key)}=${text}`;
  if (term.length <= MAX_TERM_LENGTH) return term;
  return `#${createHash("sha256").update(term).digest("base64url")}`;
}

/**
 * A text that is equal for values `deepEqual` (in `@weft/checkpoint`) considers equal:
 * primitives by `Object.is` (so 1 and "1" differ), arrays item by item, Dates by time,
 * other objects by their own enumerable keys in any order. Undefined when the value
 * has no such text.
 */
function canonical(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return `n${Object.is(value, -0) ? "-0" : String(value)}`;
    case "bigint":
      return `b${String(value)}`;
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "u";
    case "object":
      break;
    default:
      return undefined; // functions and symbols compare by identity
  }
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const text = canonical(item, depth + 1);
      if (text === undefined) return undefined;
      items.push(text);
    }
    return `[${items.join(",")}]`;
  }
  if (value instanceof Date) return `D${String(value.getTime())}`;
  const keys = Object.keys(value).sort();
  const fields: string[] = [];
  for (const key of keys) {
    const text = canonical((value as Record<string, unknown>)[key], depth + 1);
    if (text === undefined) return undefined;
    fields.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${fields.join(",")}}`;
}
