import { binaryFromBase64 } from "./binary.ts";
import { serdeCodecFor } from "./codec-registry.ts";
import { setField } from "./encode.ts";
import { SPECIAL_NUMBERS, TAG, type Tagged } from "./format.ts";
import { reviveLangChainMessage } from "./langchain.ts";
import { foreign, keySegment, PathError, withSegment } from "./path-error.ts";

// The decoder walks a freshly parsed JSON tree and replaces tagged objects in place
// (the tree is ours, so no copies). It only ever builds values from the closed set of
// built-in tags and registered codecs: nothing in the payload names a constructor.

/**
 * Decodes a tree parsed from the Weft JSON format.
 * @throws PathError for an unknown tag or a malformed tagged value.
 */
export function decodeValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return decodeArray(value);
  const tag = (value as Tagged)[TAG];
  if (tag !== undefined) return decodeTagged(tag, value as Tagged);
  return decodeFields(value as Record<string, unknown>);
}

function decodeArray(array: unknown[]): unknown[] {
  let i = 0;
  try {
    for (; i < array.length; i++) {
      const item = array[i];
      if (typeof item === "object" && item !== null) {
        const decoded = decodeValue(item);
        if (decoded !== item) array[i] = decoded;
      }
    }
  } catch (error) {
    throw withSegment(error, `[${i}]`);
  }
  return array;
}

function decodeFields(object: Record<string, unknown>): Record<string, unknown> {
  let key = "";
  try {
    for (key in object) {
      const field = object[key];
      if (typeof field === "object" && field !== null) {
        const decoded = decodeValue(field);
        if (decoded !== field) setField(object, key, decoded);
      }
    }
  } catch (error) {
    throw withSegment(error, keySegment(key));
  }
  return object;
}

function decodeTagged(tag: unknown, node: Tagged): unknown {
  const data = node.v;
  switch (tag) {
    case "u":
      return undefined;
    case "num":
      if (!SPECIAL_NUMBERS.has(data))
        throw new PathError(`bad special number ${JSON.stringify(data)}`);
      return SPECIAL_NUMBERS.get(data);
    case "big":
      if (typeof data !== "string") throw new PathError("bad BigInt payload");
      return parseBigInt(data);
    case "date":
      if (data !== null && typeof data !== "string") throw new PathError("bad Date payload");
      return new Date(data ?? Number.NaN);
    case "map":
      return new Map(decodeEntries(data));
    case "set":
      if (!Array.isArray(data)) throw new PathError("bad Set payload");
      return new Set(decodeArray(data));
    case "re":
      return parseRegExp(data);
    case "err":
      return parseError(data);
    case "bin":
      return binaryFromBase64(node.k, data);
    case "o":
      if (typeof data !== "object" || data === null || Array.isArray(data)) {
        throw new PathError("bad escaped object payload");
      }
      return decodeFields(data as Record<string, unknown>);
    case "lc": {
      const message = data as { id?: unknown; kwargs?: unknown } | null;
      if (typeof message !== "object" || message === null)
        throw new PathError("bad LangChain payload");
      return reviveLangChainMessage(message.id, decodeValue(message.kwargs));
    }
    default:
      return decodeWithCodec(tag, data);
  }
}

function decodeWithCodec(tag: unknown, data: unknown): unknown {
  const codec = typeof tag === "string" ? serdeCodecFor(tag) : undefined;
  if (codec === undefined) {
    throw new PathError(
      `unknown tag ${JSON.stringify(tag)}: not a built-in type and no codec is registered for it` +
        " (import the package that registers it before loading, e.g. @weft/graph)",
    );
  }
  const decoded = decodeValue(data);
  try {
    return codec.decode(decoded);
  } catch (error) {
    throw foreign(error);
  }
}

function decodeEntries(data: unknown): [unknown, unknown][] {
  if (!Array.isArray(data)) throw new PathError("bad Map payload");
  for (let i = 0; i < data.length; i++) {
    const entry = data[i];
    if (!Array.isArray(entry) || entry.length !== 2) throw new PathError(`bad Map entry ${i}`);
  }
  return decodeArray(data) as [unknown, unknown][];
}

function parseBigInt(text: string): bigint {
  try {
    return BigInt(text);
  } catch (error) {
    throw new PathError("bad BigInt payload", error);
  }
}

function parseRegExp(data: unknown): RegExp {
  if (!Array.isArray(data) || typeof data[0] !== "string" || typeof data[1] !== "string") {
    throw new PathError("bad RegExp payload");
  }
  try {
    return new RegExp(data[0], data[1]);
  } catch (error) {
    throw new PathError("bad RegExp payload", error);
  }
}

function parseError(data: unknown): Error {
  const fields = data as { name?: unknown; message?: unknown } | null;
  if (typeof fields?.name !== "string" || typeof fields.message !== "string") {
    throw new PathError("bad Error payload");
  }
  const error = new Error(fields.message);
  error.name = fields.name;
  // The decoder's own stack would mislead; keep only what was saved.
  error.stack = `${fields.name}: ${fields.message}`;
  return error;
}
