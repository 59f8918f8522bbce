import { WeftError } from "@weft/checkpoint";

const TROUBLESHOOTING = "For troubleshooting, see the error reference for code";

function withCode(message: string, code: string): string {
  return `${message}\n${TROUBLESHOOTING} ${code}.`;
}

/** The graph ran `recursionLimit` supersteps without finishing. Code `GRAPH_RECURSION_LIMIT`. */
export class GraphRecursionError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("GRAPH_RECURSION_LIMIT", withCode(message, "GRAPH_RECURSION_LIMIT"), { details });
  }
}

/**
 * A node returned something that is not a state update (code
 * `INVALID_GRAPH_NODE_RETURN_VALUE`), or several nodes wrote one last-value
 * channel in the same step (code `INVALID_CONCURRENT_GRAPH_UPDATE`).
 */
export class InvalidUpdateError extends WeftError {
  constructor(
    message: string,
    code: "INVALID_GRAPH_NODE_RETURN_VALUE" | "INVALID_CONCURRENT_GRAPH_UPDATE",
    details: Record<string, unknown> = {},
  ) {
    super(code, withCode(message, code), { details });
  }
}

/** A channel was read before anything was written to it. Code `EMPTY_CHANNEL`. */
export class EmptyChannelError extends WeftError {
  constructor(message = "channel is empty", details: Record<string, unknown> = {}) {
    super("EMPTY_CHANNEL", message, { details });
  }
}

/** The graph definition is invalid (unknown node, no entry point...). Code `INVALID_GRAPH`. */
export class InvalidGraphError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_GRAPH", message, { details });
  }
}

/** The run was cancelled through its `AbortSignal`. Code `GRAPH_ABORTED`. */
export class GraphAbortedError extends WeftError {
  constructor(reason?: unknown) {
    super("GRAPH_ABORTED", "The run was aborted", { cause: reason });
  }
}

/** Bad `invoke` / `stream` / state call arguments. Code `INVALID_CONFIG` or `INVALID_INPUT`. */
export class GraphInputError extends WeftError {
  constructor(
    code: "INVALID_CONFIG" | "INVALID_INPUT" | "MISSING_CHECKPOINTER",
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details });
  }
}

export { WeftError };
