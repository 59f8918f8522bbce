import { SerializationError } from "../checkpoint-errors.ts";
import { decodeValue } from "./decode.ts";
import { encodeValue } from "./encode.ts";
import { WEFT_JSON_TYPE } from "./format.ts";
import { preloadLangChainMessages } from "./langchain.ts";
import { toSerializationError } from "./path-error.ts";
import { decodePeerValue } from "./peer-json.ts";
import type { SerializeOptions, SerializerProtocol } from "./protocol.ts";

/** Type of raw bytes stored as they are (a top-level `Uint8Array`), as the peer writes them. */
export const BYTES_TYPE = "bytes";
/** Type the peer's JsonPlusSerializer writes; read for migration, never written. */
export const PEER_JSON_TYPE = "json";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();
// How a LangChain message shows in JSON text, in our format and in the peer's. A false
// positive (user data spelled the same) only loads the module early.
const WEFT_LANGCHAIN_MARKER = '"~w":"lc"';
const PEER_LANGCHAIN_MARKER = '"lc":1';

/**
 * The default serializer: typed, versioned JSON ({@link WEFT_JSON_TYPE}) that round-trips
 * what JSON cannot (Date, Map, Set, typed arrays, BigInt, NaN, ±Infinity, -0,
 * `undefined`, RegExp, Error name/message, `@langchain/core` messages) and the types of
 * registered {@link SerdeCodec}s.
 *
 * Decoding is data-only: it rebuilds values from a closed list of tags and never calls
 * anything a payload names, so a tampered row cannot run code. Class instances with no
 * codec are saved like `JSON.stringify` does (their own fields, read back as a plain
 * object); functions, symbols, cycles and objects with no data fields (Promise, stream,
 * WeakMap...) are refused with the path to them.
 *
 * Also reads the peer's `"json"` and `"bytes"` rows, so LangGraph.js data migrates.
 *
 * @example
 * const serde = new JsonSerializer();
 * const [type, bytes] = await serde.dumpsTyped({ at: new Date(), tags: new Set(["a"]) });
 * const value = await serde.loadsTyped(type, bytes); // Date and Set again
 */
export class JsonSerializer implements SerializerProtocol {
  /**
   * Encodes `value`. A top-level `Uint8Array` is stored as raw `"bytes"` (copied).
   * @throws SerializationError `SERIALIZATION_ERROR` naming the path of the first value that is not data.
   */
  async dumpsTyped(value: unknown, options?: SerializeOptions): Promise<[string, Uint8Array]> {
    if (value instanceof Uint8Array) return [BYTES_TYPE, value.slice()];
    return [WEFT_JSON_TYPE, textEncoder.encode(this.stringify(value, options))];
  }

  /**
   * Decodes a `[type, data]` pair written by this serializer or by the peer's.
   * @throws SerializationError `SERIALIZATION_ERROR` for an unknown type, malformed data,
   *   a tag that is not built in or registered, or a LangChain message without `@langchain/core`.
   */
  async loadsTyped(type: string, data: Uint8Array | string): Promise<unknown> {
    if (type === BYTES_TYPE)
      return typeof data === "string" ? textEncoder.encode(data) : data.slice();
    if (type !== WEFT_JSON_TYPE && type !== PEER_JSON_TYPE) {
      const hint = type.startsWith("enc:")
        ? " (it is encrypted: read it with an EncryptedSerializer)"
        : "";
      throw new SerializationError(
        `Cannot deserialize: unknown serialization type "${type}"${hint}.`,
        { type },
      );
    }
    const text = typeof data === "string" ? data : textDecoder.decode(data);
    if (type === WEFT_JSON_TYPE) {
      if (text.includes(WEFT_LANGCHAIN_MARKER)) await preloadLangChainMessages();
      return this.parse(text);
    }
    if (text.includes(PEER_LANGCHAIN_MARKER)) await preloadLangChainMessages();
    return parseWith(decodePeerValue, text);
  }

  /**
   * Synchronous encode to JSON text (for savers that store text).
   * @throws SerializationError `SERIALIZATION_ERROR`, as {@link dumpsTyped}.
   */
  stringify(value: unknown, options?: SerializeOptions): string {
    let encoded: unknown;
    try {
      encoded = encodeValue(value);
    } catch (error) {
      throw toSerializationError(error, "serialize", options?.context);
    }
    return JSON.stringify(encoded);
  }

  /**
   * Synchronous decode of {@link stringify}'s output. A LangChain message in it needs
   * `@langchain/core/messages` already loaded: prefer {@link loadsTyped}, which loads it.
   * @throws SerializationError `SERIALIZATION_ERROR`, as {@link loadsTyped}.
   */
  parse(text: string): unknown {
    return parseWith(decodeValue, text);
  }
}

function parseWith(decode: (tree: unknown) => unknown, text: string): unknown {
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch (error) {
    throw new SerializationError("Cannot deserialize: the data is not valid JSON.", {}, error);
  }
  try {
    return decode(tree);
  } catch (error) {
    throw toSerializationError(error, "deserialize");
  }
}

/** The peer's name for the default serializer, so code written for LangGraph.js keeps working. */
export const JsonPlusSerializer = JsonSerializer;
/** The peer's name for the default serializer. */
export type JsonPlusSerializer = JsonSerializer;
