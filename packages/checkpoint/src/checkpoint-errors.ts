import { WeftError } from "./errors.ts";

/**
 * A value could not be encoded or a payload could not be decoded. Code `SERIALIZATION_ERROR`.
 * `details.path` is where in the value it happened (`channel "messages"[3].content`).
 */
export class SerializationError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("SERIALIZATION_ERROR", message, { details, cause });
  }
}

/** Encryption or decryption failed: wrong key, tampered data, or a plaintext row. Code `ENCRYPTION_ERROR`. */
export class EncryptionError extends WeftError {
  constructor(message: string, cause?: unknown) {
    super("ENCRYPTION_ERROR", message, { cause });
  }
}

/** A saver was called with an unusable config (no `thread_id`, bad option...). Code `INVALID_CONFIG`. */
export class CheckpointConfigError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_CONFIG", message, { details });
  }
}
