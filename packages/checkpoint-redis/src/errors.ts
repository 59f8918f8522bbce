import { WeftError } from "@weft/checkpoint";

/**
 * Why Redis could not be used:
 * - `unreachable`: nothing answers at the address (refused, timed out, connection lost);
 * - `auth`: the server wants a password, or refused the one given (`NOAUTH`, `WRONGPASS`);
 * - `newer_schema`: the keys under the prefix were written by a newer Weft whose layout
 *   this version cannot read;
 * - `driver`: any other failure reported by Redis or by ioredis.
 */
export type RedisFailure = "unreachable" | "auth" | "newer_schema" | "driver";

/**
 * A Redis saver or store failed. Code `SAVER_ERROR`; `details.reason` says which
 * {@link RedisFailure} it was, `details.address` which server (`host:port`, or the
 * socket path) and `details.operation` what was being done. Passwords never appear in
 * messages or details.
 *
 * @example
 * try {
 *   await RedisSaver.fromUrl("redis://127.0.0.1:6390");
 * } catch (error) {
 *   if (error instanceof RedisDatabaseError && error.reason === "unreachable") {
 *     console.error(`start Redis at ${error.details.address}`);
 *   }
 * }
 */
export class RedisDatabaseError extends WeftError {
  /** What went wrong, for programs that react to it. */
  readonly reason: RedisFailure;

  constructor(
    reason: RedisFailure,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super("SAVER_ERROR", message, { cause, details: { reason, ...details } });
    this.reason = reason;
  }
}

/** Error codes of a socket that never connected or lost its connection. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
]);

/** ioredis messages that mean the connection is gone (no Redis error code of their own). */
const CLOSED_MESSAGES = [
  "Connection is closed",
  "Stream isn't writeable",
  "Reached the max retries per request limit",
  "connect ETIMEDOUT",
];

/** Which {@link RedisFailure} a driver error is. */
export function classifyRedisError(error: unknown): RedisFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return "unreachable";
  const text = error instanceof Error ? error.message : String(error);
  if (/^(NOAUTH|WRONGPASS)\b/.test(text) || text.includes("invalid password")) return "auth";
  if (CLOSED_MESSAGES.some((message) => text.includes(message))) return "unreachable";
  return "driver";
}

/**
 * Wraps a driver error so ioredis types never leak through the saver and store
 * interfaces; Weft errors pass through unchanged. The message names the operation and
 * the address, and says what to check for the common failures.
 */
export function wrapRedisError(error: unknown, operation: string, address: string): WeftError {
  if (WeftError.isInstance(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  const reason = classifyRedisError(error);
  const details = { address, operation };
  switch (reason) {
    case "unreachable":
      return new RedisDatabaseError(
        reason,
        `Redis ${operation} failed: no connection to ${address} (${text}). ` +
          "Check that Redis is running there and reachable from this process.",
        details,
        error,
      );
    case "auth":
      // The driver's error carries the AUTH command with its arguments: keep only the text.
      return new RedisDatabaseError(
        reason,
        `Redis ${operation} failed: ${address} refused the credentials (${text}). ` +
          "Check the password (and user name) in the connection URL or options.",
        details,
        new Error(text),
      );
    default:
      return new RedisDatabaseError(
        reason,
        `Redis ${operation} failed on ${address}: ${text}`,
        details,
        error,
      );
  }
}
