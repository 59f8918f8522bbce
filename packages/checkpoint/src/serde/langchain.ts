import { PathError } from "./path-error.ts";

/**
 * The only `@langchain/core` classes the serializer rebuilds: its message classes.
 * Anything else LangChain-serializable is refused on encode, so nothing is written
 * that could not be read back.
 */
const MESSAGE_CLASSES: ReadonlySet<string> = new Set([
  "AIMessage",
  "AIMessageChunk",
  "ChatMessage",
  "ChatMessageChunk",
  "FunctionMessage",
  "FunctionMessageChunk",
  "HumanMessage",
  "HumanMessageChunk",
  "RemoveMessage",
  "SystemMessage",
  "SystemMessageChunk",
  "ToolMessage",
  "ToolMessageChunk",
]);

/** Namespaces (the id without its last element) that LangChain has used for messages. */
const MESSAGE_NAMESPACES: ReadonlySet<string> = new Set([
  "langchain_core/messages",
  "langchain/schema/messages",
  "langchain/schema",
]);

/** The parts of a `@langchain/core` Serializable that the serializer reads. */
interface LangChainSerializable {
  lc_serializable: true;
  lc_id?: unknown;
  lc_kwargs?: Record<string, unknown>;
}

/** True for a `@langchain/core` Serializable instance (checked structurally; no import). */
export function isLangChainSerializable(value: object): value is LangChainSerializable {
  return (value as { lc_serializable?: unknown }).lc_serializable === true;
}

/**
 * The class id and constructor fields of a LangChain object. Read directly rather than
 * through `toJSON()`, which flattens Dates and Maps to `{}` and wraps user objects that
 * have an `lc` key: the fields are the constructor arguments it was built with
 * (`lc_kwargs`) updated with the instance's own current fields (an id assigned later,
 * for one). Undefined fields are left out.
 */
export function langChainFields(value: LangChainSerializable): {
  id: unknown;
  kwargs: Record<string, unknown>;
} {
  const source = value as unknown as Record<string, unknown>;
  const given = value.lc_kwargs ?? {};
  const kwargs: Record<string, unknown> = {};
  for (const key of Object.keys(given)) {
    const field = key in source ? source[key] : given[key];
    if (field !== undefined) kwargs[key] = field;
  }
  for (const key of Object.keys(source)) {
    // lc_* is bookkeeping and `type` is fixed by the class; neither is a constructor field.
    if (key.startsWith("lc_") || key === "type" || Object.hasOwn(kwargs, key)) continue;
    const field = source[key];
    if (field !== undefined) kwargs[key] = field;
  }
  return { id: value.lc_id, kwargs };
}

/** The allowlisted message class an lc `id` names, or undefined. */
export function langChainMessageClass(id: unknown): string | undefined {
  if (!Array.isArray(id) || id.length < 2) return undefined;
  const name = id[id.length - 1];
  if (typeof name !== "string" || !MESSAGE_CLASSES.has(name)) return undefined;
  return MESSAGE_NAMESPACES.has(id.slice(0, -1).join("/")) ? name : undefined;
}

type MessageModule = Record<string, unknown>;

let loaded: MessageModule | undefined;
let loading: Promise<void> | undefined;
let loadError: unknown;

/**
 * Loads `@langchain/core/messages` once (an optional peer dependency). Never rejects:
 * a failure is remembered and reported by {@link reviveLangChainMessage}.
 */
export function preloadLangChainMessages(): Promise<void> {
  loading ??= import("@langchain/core/messages").then(
    (module) => {
      loaded = module as unknown as MessageModule;
    },
    (error: unknown) => {
      loadError = error;
    },
  );
  return loading;
}

/**
 * Rebuilds an allowlisted message from its decoded kwargs. Call after
 * {@link preloadLangChainMessages} has settled.
 */
export function reviveLangChainMessage(id: unknown, kwargs: unknown): unknown {
  const name = langChainMessageClass(id);
  if (name === undefined) {
    throw new PathError(
      `LangChain class ${JSON.stringify(id)} is not in the allowlist of message classes`,
    );
  }
  if (typeof kwargs !== "object" || kwargs === null || Array.isArray(kwargs)) {
    throw new PathError(`LangChain ${name} needs an object of fields`);
  }
  if (loaded === undefined) {
    throw new PathError(
      `it is a LangChain ${name}, and @langchain/core is not installed (npm install @langchain/core)`,
      loadError,
    );
  }
  const MessageClass = loaded[name] as (new (fields: unknown) => unknown) | undefined;
  if (typeof MessageClass !== "function") {
    throw new PathError(`this @langchain/core has no ${name}`);
  }
  return new MessageClass(kwargs);
}
