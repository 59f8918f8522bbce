import { modelErrorCode, WeftError } from "@weft/checkpoint";

/**
 * A chat model request failed: the provider answered with an error status, sent an
 * error event in its stream, or returned something unreadable. `status` is the HTTP
 * status (absent for network failures), `body` the provider's answer (parsed JSON when
 * possible). Code by status: `MODEL_AUTHENTICATION` (401/403), `MODEL_NOT_FOUND` (404),
 * `MODEL_RATE_LIMIT` (429), else `MODEL_ERROR`.
 */
export class ChatModelError extends WeftError {
  /** HTTP status of the failed request. */
  readonly status?: number;
  /** The provider's error body. */
  readonly body?: unknown;

  constructor(
    message: string,
    options: { status?: number; body?: unknown; cause?: unknown; provider?: string } = {},
  ) {
    super(modelErrorCode(options.status), message, {
      cause: options.cause,
      details: { status: options.status, body: options.body, provider: options.provider },
    });
    this.status = options.status;
    this.body = options.body;
  }
}

/**
 * A structured-output reply could not be read as the requested schema (no tool call,
 * invalid JSON, or values the schema rejects). `details.raw` has the model's message.
 * Code `OUTPUT_PARSING_FAILURE`.
 */
export class OutputParserError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("OUTPUT_PARSING_FAILURE", message, { details, cause });
  }
}
