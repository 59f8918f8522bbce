/** Options of {@link SerializerProtocol.dumpsTyped}. */
export interface SerializeOptions {
  /**
   * Where the value comes from, put in front of the path in error messages, e.g.
   * `channel "messages"` gives `channel "messages"[3].content`.
   * @default "value"
   */
  context?: string;
}

/**
 * Turns values into typed bytes and back. Same shape as the peer's `SerializerProtocol`,
 * so a serializer written for LangGraph.js plugs into any Weft saver.
 *
 * Savers store the returned type string beside the bytes and hand both back to
 * `loadsTyped`: the type says how the bytes were written (format and version).
 */
export interface SerializerProtocol {
  /**
   * Encodes `value`; returns `[type, bytes]`.
   * @throws SerializationError `SERIALIZATION_ERROR` for a value it cannot encode.
   */
  dumpsTyped(value: unknown, options?: SerializeOptions): Promise<[type: string, data: Uint8Array]>;
  /**
   * Decodes what `dumpsTyped` returned. Strings are accepted for savers that store text.
   * @throws SerializationError `SERIALIZATION_ERROR` for an unknown type or a bad payload.
   */
  loadsTyped(type: string, data: Uint8Array | string): Promise<unknown>;
}
