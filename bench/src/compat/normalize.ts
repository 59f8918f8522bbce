const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Replaces generated ids with placeholders numbered in order of first appearance (`<id:0>`,
 * `<id:1>`...), so two runs that make different ids compare equal exactly when the same
 * places hold the same id. One instance per run: the numbering is the run's id pattern.
 */
export class IdPlaceholders {
  readonly #seen = new Map<string, string>();

  /** The placeholder of `id`, allocating the next number for an id not seen before. */
  of(id: string): string {
    let placeholder = this.#seen.get(id);
    if (placeholder === undefined) {
      placeholder = `<id:${this.#seen.size}>`;
      this.#seen.set(id, placeholder);
    }
    return placeholder;
  }
}

/** A message reduced to what both libraries must agree on, whatever its class. */
export interface MessageSummary {
  type: string;
  content: unknown;
  /** The id's placeholder, or `undefined` when the message has none. */
  id: string | undefined;
}

/** True for a message of either library (Weft's own classes or `@langchain/core`'s). */
export function isMessage(value: unknown): value is Record<string, any> {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { _getType?: unknown; content?: unknown };
  return typeof candidate._getType === "function" && "content" in candidate;
}

/** Summarizes one message: its role, content and whether (and which) id it carries. */
export function summarizeMessage(
  message: Record<string, any>,
  ids: IdPlaceholders,
): MessageSummary {
  const type: string = typeof message.type === "string" ? message.type : message._getType();
  const id = typeof message.id === "string" ? ids.of(message.id) : undefined;
  return { type, content: message.content, id };
}

/**
 * Turns a library result into plain data both libraries can be compared on: uuids become
 * {@link IdPlaceholders}, ISO timestamps become `"<time>"`, messages become
 * {@link MessageSummary}s and errors `{ error: name, message }`. Class instances lose their
 * class (only own enumerable fields are kept); `undefined` fields are dropped. Ids are
 * numbered walking arrays in order and object keys sorted.
 */
export function normalize(value: unknown, ids: IdPlaceholders = new IdPlaceholders()): unknown {
  if (typeof value === "string") {
    if (UUID.test(value)) return ids.of(value);
    return ISO_TIME.test(value) ? "<time>" : value;
  }
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => normalize(item, ids));
  if (isMessage(value)) return summarizeMessage(value, ids);
  if (value instanceof Error) return { error: value.name, message: value.message };
  // Keys in sorted order, so ids are numbered the same whatever order a library builds
  // its objects in.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = normalize(field, ids);
  }
  return out;
}

/**
 * Removes what the peer adds to stream payloads from its tracing layer, which Weft does not
 * have and programs do not read: `ls_integration` in task metadata (a `metadata` left empty
 * is dropped), and every run-config field but `configurable` in the configs of checkpoint
 * events (`tags`, `recursion_limit`, `metadata` copied from the run config).
 */
export function withoutTracingFields(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(withoutTracingFields);
  const source = value as Record<string, unknown>;
  if ("configurable" in source) return { configurable: source.configurable };
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(source)) {
    if (key === "ls_integration") continue;
    const cleaned = withoutTracingFields(field);
    // A metadata object that held only tracing fields goes with them.
    if (key === "metadata" && isEmptyObject(cleaned) && !isEmptyObject(field)) continue;
    out[key] = cleaned;
  }
  return out;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}
