import { SerializationError } from "../checkpoint-errors.ts";

/**
 * Teaches the serializer one more type. Other packages register codecs for their
 * classes (the engine does so for its messages, `Send` and `Command`).
 *
 * @example
 * registerSerdeCodec({
 *   tag: "acme.money",
 *   test: (value): value is Money => value instanceof Money,
 *   encode: (money) => ({ cents: money.cents, currency: money.currency }),
 *   decode: (data) => new Money((data as any).cents, (data as any).currency),
 * });
 */
export interface SerdeCodec<T = unknown> {
  /** Namespaced, unique name written in the payload, e.g. `"weft.message"`. Must contain a dot. */
  tag: string;
  /** Cheap check, run on every object value before the built-in encodings. */
  test(value: unknown): value is T;
  /** JSON-able data; the serializer encodes it recursively (Dates, Maps... inside are fine). */
  encode(value: T): unknown;
  /** Gets the recursively decoded data back and rebuilds the value. */
  decode(data: unknown): T;
}

interface CodecRegistry {
  /** In registration order: the order `test` runs in. */
  list: SerdeCodec[];
  byTag: Map<string, SerdeCodec>;
}

// Shared through globalThis so two installed copies of this package see one registry.
const REGISTRY_KEY = Symbol.for("weft.serde.codecs");
const registry: CodecRegistry = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] as
  | CodecRegistry
  | undefined) ?? { list: [], byTag: new Map() };
(globalThis as Record<symbol, unknown>)[REGISTRY_KEY] = registry;

/**
 * Adds `codec` to the global registry used by every {@link JsonSerializer}. Registering
 * a tag again replaces the earlier codec in place, so re-running a module is harmless.
 *
 * @throws SerializationError `SERIALIZATION_ERROR` when the tag has no dot (bare tags are reserved).
 */
export function registerSerdeCodec<T>(codec: SerdeCodec<T>): void {
  const entry = codec as SerdeCodec;
  if (typeof entry.tag !== "string" || !entry.tag.includes(".")) {
    throw new SerializationError(
      `Serde codec tag ${JSON.stringify(entry.tag)} must be namespaced with a dot, e.g. "acme.money".`,
      { tag: entry.tag },
    );
  }
  const previous = registry.byTag.get(entry.tag);
  if (previous === entry) return;
  if (previous === undefined) registry.list.push(entry);
  else registry.list[registry.list.indexOf(previous)] = entry;
  registry.byTag.set(entry.tag, entry);
}

/** Removes the codec registered under `tag`; true if there was one. Mostly for tests. */
export function unregisterSerdeCodec(tag: string): boolean {
  const codec = registry.byTag.get(tag);
  if (codec === undefined) return false;
  registry.byTag.delete(tag);
  registry.list.splice(registry.list.indexOf(codec), 1);
  return true;
}

/** The live codec list, in registration order (read by the encoder on every object). */
export function serdeCodecs(): readonly SerdeCodec[] {
  return registry.list;
}

/** The codec registered under `tag`. */
export function serdeCodecFor(tag: string): SerdeCodec | undefined {
  return registry.byTag.get(tag);
}
