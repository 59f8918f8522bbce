// Readers for stream chunks of either library, whatever the mode shape.

type Json = Record<string, unknown>;

/** A plain object: not an array, and not a class instance such as a message or an error. */
function isObject(value: unknown): value is Json {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A `tasks`-mode start event: `{ id, name, input, triggers, ... }`. */
export function isTaskStart(payload: unknown): payload is Json {
  return isObject(payload) && "triggers" in payload && "name" in payload;
}

/** A `tasks`-mode result event: `{ id, name, result, ... }` (snapshot tasks have a `path`). */
export function isTaskResult(payload: unknown): payload is Json {
  return isObject(payload) && "result" in payload && "name" in payload && !("path" in payload);
}

function isModePair(chunk: unknown): chunk is [string, unknown] {
  return Array.isArray(chunk) && chunk.length === 2 && typeof chunk[0] === "string";
}

function isDebugEvent(chunk: unknown): chunk is Json & { payload: unknown } {
  return isObject(chunk) && "type" in chunk && "step" in chunk && "payload" in chunk;
}

/**
 * The payload of one stream chunk, whatever the mode shape: a bare payload (one mode), a
 * `[mode, payload]` pair (several modes), a debug event `{ type, step, payload }`, or a
 * debug event in a pair.
 */
export function payloadOf(chunk: unknown): unknown {
  if (isModePair(chunk)) return payloadOf(chunk[1]);
  return isDebugEvent(chunk) ? chunk.payload : chunk;
}
