import { WeftError } from "@weft/checkpoint";

/**
 * Why a MongoDB saver or store failed:
 * - `unreachable`: no server answered at the address in time (down, wrong host or port,
 *   firewall, TLS mismatch);
 * - `auth`: the server refused the credentials or the user lacks a privilege;
 * - `newer_schema`: the collections were laid out by a newer Weft that this version cannot read;
 * - `driver`: any other failure reported by the driver or the server.
 */
export type MongoFailure = "unreachable" | "auth" | "newer_schema" | "driver";

/**
 * A MongoDB saver or store failed. Code `SAVER_ERROR`; `details.reason` says which
 * {@link MongoFailure} it was, `details.address` which server(s) (host and port only:
 * credentials never appear in messages or details) and `details.operation` what was
 * being done. The driver's error is the `cause`.
 *
 * @example
 * try {
 *   await saver.setup();
 * } catch (error) {
 *   if (error instanceof MongoDatabaseError && error.reason === "unreachable") {
 *     console.error(`Start MongoDB at ${error.details.address}`);
 *   }
 * }
 */
export class MongoDatabaseError extends WeftError {
  /** What went wrong, for programs that react to it. */
  readonly reason: MongoFailure;

  constructor(
    reason: MongoFailure,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super("SAVER_ERROR", message, { cause, details: { reason, ...details } });
    this.reason = reason;
  }
}

/** Server error codes meaning "who you are" or "what you may do" was refused. */
const AUTH_CODES = new Set([13, 18, 11, 31]);
/** Error names the driver uses when no server could be reached or a socket broke. */
const UNREACHABLE_NAMES = new Set([
  "MongoServerSelectionError",
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
  "MongoClientClosedError",
]);

/**
 * Wraps a driver error so driver types never leak through the saver and store
 * interfaces; Weft errors pass through unchanged.
 *
 * @param operation What was being done (`"put"`, `"setup"`, `"search"`...), for the message.
 * @param address The server(s) as `host:port[,host:port]`, without credentials.
 */
export function wrapMongoError(error: unknown, operation: string, address: string): WeftError {
  if (WeftError.isInstance(error)) return error;
  const reason = classify(error);
  const text = redact(error instanceof Error ? error.message : String(error));
  const details: Record<string, unknown> = { address, operation };
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== undefined) details.mongoCode = code;
  const message =
    reason === "unreachable"
      ? `MongoDB ${operation} failed: no server reachable at ${address} (${text}). ` +
        "Check that MongoDB is running there and the connection string is right."
      : reason === "auth"
        ? `MongoDB ${operation} failed: ${address} refused the credentials or a privilege (${text}).`
        : `MongoDB ${operation} failed on ${address}: ${text}`;
  return new MongoDatabaseError(reason, message, details, error);
}

/** Runs a driver call against `address`, turning its errors into {@link MongoDatabaseError}. */
export async function mongoCall<T>(
  address: string,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw wrapMongoError(error, operation, address);
  }
}

/** True for a duplicate-key error (code 11000): an insert lost a race to an equal key. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

function classify(error: unknown): MongoFailure {
  // Authentication failures at connect time arrive wrapped (as a cause) in some driver paths.
  for (let e: unknown = error, depth = 0; e != null && depth < 4; depth++) {
    const { name, code } = e as { name?: unknown; code?: unknown };
    if (typeof code === "number" && AUTH_CODES.has(code)) return "auth";
    if (name === "MongoMissingCredentialsError") return "auth";
    if (typeof name === "string" && UNREACHABLE_NAMES.has(name)) return "unreachable";
    e = (e as { cause?: unknown }).cause;
  }
  return "driver";
}

/** Removes `user:password@` from any connection string quoted in a driver message. */
export function redact(text: string): string {
  return text.replace(/(mongodb(?:\+srv)?:\/\/)[^@/\s]*@/gi, "$1");
}
