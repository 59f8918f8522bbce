/**
 * Every error Weft throws on purpose is a {@link WeftError} with a `code` from
 * {@link WeftErrorCode}. Codes are the stable contract: match on `code`, not on
 * messages or classes.
 */
export type WeftErrorCode =
  // documented LangGraph codes
  | "GRAPH_RECURSION_LIMIT"
  | "INVALID_CONCURRENT_GRAPH_UPDATE"
  | "INVALID_GRAPH_NODE_RETURN_VALUE"
  | "MULTIPLE_SUBGRAPHS"
  | "INVALID_CHAT_HISTORY"
  // graph definition and invocation
  | "INVALID_GRAPH"
  | "INVALID_INPUT"
  | "INVALID_CONFIG"
  | "MISSING_CHECKPOINTER"
  | "EMPTY_CHANNEL"
  | "GRAPH_ABORTED"
  | "NODE_ERROR"
  // models, embeddings and tools (the LangChain codes)
  | "MODEL_AUTHENTICATION"
  | "MODEL_NOT_FOUND"
  | "MODEL_RATE_LIMIT"
  | "MODEL_ERROR"
  | "OUTPUT_PARSING_FAILURE"
  | "TOOL_ERROR"
  // agent middleware guardrails
  | "PII_DETECTED"
  | "MODEL_CALL_LIMIT_EXCEEDED"
  | "TOOL_CALL_LIMIT_EXCEEDED"
  // persistence
  | "CHECKPOINT_NOT_FOUND"
  | "SERIALIZATION_ERROR"
  | "ENCRYPTION_ERROR"
  | "SAVER_ERROR";

const MARKER = Symbol.for("weft.error");

/**
 * The code of a failed request to a model provider (chat or embeddings): 401/403 →
 * `MODEL_AUTHENTICATION`, 404 → `MODEL_NOT_FOUND`, 429 → `MODEL_RATE_LIMIT`, anything
 * else (other statuses, network failures, unreadable answers) → `MODEL_ERROR`.
 */
export function modelErrorCode(status: number | undefined): WeftErrorCode {
  if (status === 401 || status === 403) return "MODEL_AUTHENTICATION";
  if (status === 404) return "MODEL_NOT_FOUND";
  if (status === 429) return "MODEL_RATE_LIMIT";
  return "MODEL_ERROR";
}

/** Base class of every Weft error. Recognized across duplicate installs by {@link WeftError.isInstance}. */
export class WeftError extends Error {
  /** Stable, documented error code. */
  readonly code: WeftErrorCode;
  /** Structured facts about the failure (node names, channel, limits...). */
  readonly details: Readonly<Record<string, unknown>>;
  readonly [MARKER] = true;

  constructor(
    code: WeftErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }

  /** True for any Weft error, even one thrown by another installed copy of Weft. */
  static isInstance(value: unknown): value is WeftError {
    return typeof value === "object" && value !== null && (value as any)[MARKER] === true;
  }

  /** True when `value` is a Weft error with the given code. */
  static hasCode(value: unknown, code: WeftErrorCode): value is WeftError {
    return WeftError.isInstance(value) && value.code === code;
  }
}
