import { WeftError } from "@weft/graph";

/**
 * The model's structured output did not match the response schema. With the tool
 * strategy the agent reports it back to the model as an error `ToolMessage` and asks
 * again (unless `handleError: false`, which throws this).
 */
export class StructuredOutputParsingError extends WeftError {
  /** The structured-output tool (or schema) name. */
  readonly toolName: string;
  /** What did not match, one line each. */
  readonly errors: readonly string[];

  constructor(toolName: string, errors: readonly string[]) {
    super(
      "OUTPUT_PARSING_FAILURE",
      `Failed to parse structured output for tool '${toolName}':${errors.map((e) => `\n  - ${e}`).join("")}.`,
      { details: { toolName, errors: [...errors] } },
    );
    this.toolName = toolName;
    this.errors = errors;
  }
}

/**
 * The model called several structured-output tools in one reply, where exactly one
 * answer is expected. Handled like a parsing error: reported back to the model.
 */
export class MultipleStructuredOutputsError extends WeftError {
  /** The structured-output tools the model called. */
  readonly toolNames: readonly string[];

  constructor(toolNames: readonly string[]) {
    super(
      "OUTPUT_PARSING_FAILURE",
      `Model incorrectly returned multiple structured responses (${toolNames.join(", ")}) when only one is expected.`,
      { details: { toolNames: [...toolNames] } },
    );
    this.toolNames = toolNames;
  }
}

/** The model given to `createAgent` already has tools bound; the agent binds its own. */
export class MultipleToolsBoundError extends WeftError {
  constructor() {
    super(
      "INVALID_GRAPH",
      "The provided LLM already has bound tools. Please provide an LLM without bound tools to createAgent. The agent will bind the tools provided in the 'tools' parameter.",
    );
  }
}

/**
 * A node-style hook returned a `jumpTo` its `canJumpTo` does not allow, or an invalid
 * result. A programming error in the middleware, so the run fails.
 */
export class MiddlewareError extends WeftError {
  /** The middleware at fault. */
  readonly middlewareName: string;

  constructor(middlewareName: string, message: string, options: { cause?: unknown } = {}) {
    super("INVALID_GRAPH_NODE_RETURN_VALUE", message, {
      cause: options.cause,
      details: { middleware: middlewareName },
    });
    this.middlewareName = middlewareName;
  }
}

/** `initChatModel` was given a provider it does not know, or no model name. */
export class UnknownModelProviderError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_CONFIG", message, { details });
  }
}
