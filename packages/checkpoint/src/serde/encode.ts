import { binaryParts, toBase64 } from "./binary.ts";
import { serdeCodecs } from "./codec-registry.ts";
import {
  INFINITY_TAG,
  NAN_TAG,
  NEG_INFINITY_TAG,
  NEG_ZERO_TAG,
  TAG,
  type Tagged,
  tagged,
  UNDEFINED_TAG,
} from "./format.ts";
import { isLangChainSerializable, langChainFields, langChainMessageClass } from "./langchain.ts";
import { foreign, keySegment, PathError, withSegment } from "./path-error.ts";

// The encoder turns a value into a tree that JSON.stringify writes faithfully.
// Copy-on-write: a container is copied only once one of its children changed, so plain
// JSON data passes through without allocating. `stack` holds the containers being
// encoded, to refuse cycles. Failures throw PathError; the serializer adds the context.

/**
 * Encodes `value` into JSON-able data in the Weft JSON format.
 * @throws PathError for a value that is not data (function, symbol, cycle, opaque object).
 */
export function encodeValue(value: unknown, stack: object[] = []): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return value - value === 0 && (value !== 0 || 1 / value > 0) ? value : encodeNumber(value);
    case "object":
      return value === null ? null : encodeObject(value, stack);
    case "undefined":
      return UNDEFINED_TAG;
    case "bigint":
      return tagged("big", value.toString());
    default:
      throw new PathError(
        `a ${typeof value} is not data; store data in state, not ${typeof value}s`,
      );
  }
}

function encodeNumber(value: number): Tagged {
  if (Number.isNaN(value)) return NAN_TAG;
  if (value === 0) return NEG_ZERO_TAG;
  return value > 0 ? INFINITY_TAG : NEG_INFINITY_TAG;
}

function encodeObject(value: object, stack: object[]): unknown {
  const codecs = serdeCodecs();
  for (let i = 0; i < codecs.length; i++) {
    const codec = codecs[i]!;
    if (codec.test(value)) {
      return tagged(codec.tag, encodeNested(callUser(codec.encode, codec, value), value, stack));
    }
  }
  if (Array.isArray(value)) return encodeArray(value, stack);
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return encodeFields(value, stack);
  return encodeInstance(value, stack);
}

/** Calls user code (`codec.encode`, `toJSON`), turning what it throws into a PathError. */
function callUser(fn: Function, self: unknown, arg: unknown): unknown {
  try {
    return fn.call(self, arg);
  } catch (error) {
    throw foreign(error);
  }
}

/** Encodes what user code returned for `owner`; data that contains `owner` again is a cycle. */
function encodeNested(data: unknown, owner: object, stack: object[]): unknown {
  enter(owner, stack);
  const encoded = encodeValue(data, stack);
  stack.pop();
  return encoded;
}

function enter(value: object, stack: object[]): void {
  if (stack.includes(value)) throw new PathError("circular reference: the value contains itself");
  stack.push(value);
}

function encodeArray(array: unknown[], stack: object[]): unknown[] {
  enter(array, stack);
  let out: unknown[] | undefined;
  let i = 0;
  try {
    for (; i < array.length; i++) {
      const item = array[i];
      const encoded = encodeValue(item, stack);
      if (out !== undefined) out.push(encoded);
      else if (encoded !== item) {
        out = array.slice(0, i);
        out.push(encoded);
      }
    }
  } catch (error) {
    throw withSegment(error, `[${i}]`);
  }
  stack.pop();
  return out ?? array;
}

/** Own enumerable fields, as JSON.stringify sees them; escapes an object that has the tag key. */
function encodeFields(value: object, stack: object[]): unknown {
  enter(value, stack);
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let out: Record<string, unknown> | undefined;
  let hasTagKey = false;
  let key = "";
  try {
    for (let i = 0; i < keys.length; i++) {
      key = keys[i]!;
      if (key === TAG) hasTagKey = true;
      const field = source[key];
      const encoded = encodeValue(field, stack);
      if (out !== undefined) setField(out, key, encoded);
      else if (encoded !== field) {
        out = {};
        for (let j = 0; j < i; j++) setField(out, keys[j]!, source[keys[j]!]);
        setField(out, key, encoded);
      }
    }
  } catch (error) {
    throw withSegment(error, keySegment(key));
  }
  stack.pop();
  const result = out ?? value;
  return hasTagKey ? tagged("o", result) : result;
}

/** Assigns without invoking the `__proto__` setter (a key JSON.parse can produce). */
export function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

function encodeInstance(value: object, stack: object[]): unknown {
  if (value instanceof Date) {
    return tagged("date", Number.isNaN(value.getTime()) ? null : value.toISOString());
  }
  if (value instanceof Map) return tagged("map", encodeMap(value, stack));
  if (value instanceof Set) return tagged("set", encodeSet(value, stack));
  if (value instanceof RegExp) return tagged("re", [value.source, value.flags]);
  if (value instanceof Error)
    return tagged("err", { name: String(value.name), message: String(value.message) });
  const binary = binaryParts(value);
  if (binary !== undefined) return { "~w": "bin", k: binary.kind, v: toBase64(binary.bytes) };
  if (isLangChainSerializable(value)) return encodeLangChain(value, stack);
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return encodeValue(value.valueOf(), stack);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    const data = callUser(toJSON, value, "");
    if (data !== value) return encodeNested(data, value, stack);
  }
  // A class instance with no codec: like JSON.stringify (and the peer), its own
  // enumerable fields, read back as a plain object. One with no fields at all
  // (Promise, WeakMap, Blob, stream, AbortController...) keeps everything in hidden
  // slots; writing `{}` would lose it silently, so it is refused.
  if (Object.keys(value).length === 0) {
    const name = value.constructor?.name || "object";
    throw new PathError(
      `a ${name} has no data fields to save; store plain data, or register a SerdeCodec for ${name}`,
    );
  }
  return encodeFields(value, stack);
}

function encodeMap(map: Map<unknown, unknown>, stack: object[]): unknown[] {
  enter(map, stack);
  const entries: unknown[] = [];
  let n = 0;
  for (const [key, item] of map) {
    let encodedKey: unknown;
    try {
      encodedKey = encodeValue(key, stack);
    } catch (error) {
      throw withSegment(error, `.keys()[${n}]`);
    }
    try {
      entries.push([encodedKey, encodeValue(item, stack)]);
    } catch (error) {
      throw withSegment(error, `.get(${describeKey(key, n)})`);
    }
    n++;
  }
  stack.pop();
  return entries;
}

function encodeSet(set: Set<unknown>, stack: object[]): unknown[] {
  enter(set, stack);
  const items: unknown[] = [];
  for (const item of set) {
    try {
      items.push(encodeValue(item, stack));
    } catch (error) {
      throw withSegment(error, `.values()[${items.length}]`);
    }
  }
  stack.pop();
  return items;
}

function describeKey(key: unknown, n: number): string {
  if (typeof key === "string") return JSON.stringify(key);
  if (typeof key === "number" || typeof key === "boolean") return String(key);
  return `<key ${n}>`;
}

function encodeLangChain(value: Parameters<typeof langChainFields>[0], stack: object[]): Tagged {
  let fields: ReturnType<typeof langChainFields>;
  try {
    fields = langChainFields(value);
  } catch (error) {
    throw foreign(error);
  }
  if (langChainMessageClass(fields.id) === undefined) {
    const what = Array.isArray(fields.id) ? fields.id.join(".") : value.constructor?.name;
    throw new PathError(
      `LangChain ${what} is not a message class the serializer can rebuild; register a SerdeCodec for it`,
    );
  }
  // The kwargs object is ours; its fields show directly under the value in error paths.
  enter(value, stack);
  const kwargs = encodeValue(fields.kwargs, stack);
  stack.pop();
  return tagged("lc", { id: fields.id, kwargs });
}
