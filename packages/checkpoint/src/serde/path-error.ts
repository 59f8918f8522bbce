import { SerializationError } from "../checkpoint-errors.ts";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Internal failure raised deep inside encode/decode. Each container it passes through
 * adds the segment it was working on; the serializer turns it into a
 * {@link SerializationError} with the whole path once, at the top.
 */
export class PathError {
  readonly reason: string;
  readonly cause: unknown;
  /** Innermost segment first (pushed while unwinding). */
  readonly segments: string[] = [];

  constructor(reason: string, cause?: unknown) {
    this.reason = reason;
    this.cause = cause;
  }
}

/** Adds `segment` to a failure on its way up; wraps foreign errors (a throwing getter or codec). */
export function withSegment(error: unknown, segment: string): PathError {
  const failure = error instanceof PathError ? error : foreign(error);
  failure.segments.push(segment);
  return failure;
}

/** Wraps an error thrown by user code (a getter, a codec, toJSON) into a PathError. */
export function foreign(error: unknown): PathError {
  if (error instanceof PathError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new PathError(`it threw: ${message}`, error);
}

/** The segment for an object key: `.name` or `["odd key"]`. */
export function keySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Converts a failure into the public error, naming where it happened. */
export function toSerializationError(
  error: unknown,
  action: "serialize" | "deserialize",
  context = "value",
): SerializationError {
  const failure = foreign(error);
  const path = failure.segments.reverse().join("");
  failure.segments.reverse();
  return new SerializationError(
    `Cannot ${action} ${context}${path}: ${failure.reason}`,
    { context, path, reason: failure.reason },
    failure.cause,
  );
}
