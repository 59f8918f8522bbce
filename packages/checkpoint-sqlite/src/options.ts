import type { BaseCheckpointSaverOptions, SerializerProtocol } from "@weft/checkpoint";
import type { StoreOptions } from "@weft/store";

/**
 * Options of {@link SqliteSaver}: the common saver options (`serde`, `threadTtl`, `now`)
 * plus SQLite's own.
 */
export interface SqliteSaverOptions extends BaseCheckpointSaverOptions {
  /**
   * How long a connection waits for another process's write lock before failing with
   * `SQLITE_BUSY`. @default 5000
   */
  busyTimeoutMs?: number;
}

/** Default of {@link SqliteSaverOptions.busyTimeoutMs}. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** True when a constructor's options argument is a serializer alone (the peer's form). */
export function isSerializer(value: unknown): value is SerializerProtocol {
  return typeof (value as SerializerProtocol | undefined)?.dumpsTyped === "function";
}

/** Options of {@link SqliteStore}: the common store options plus SQLite's own. */
export interface SqliteStoreOptions extends StoreOptions {
  /** See {@link SqliteSaverOptions.busyTimeoutMs}. @default 5000 */
  busyTimeoutMs?: number;
  /**
   * Search vectors with the sqlite-vec extension when it loads (`false`: always use the
   * exact brute-force scan in JavaScript, which gives the same results more slowly).
   * @default true
   */
  sqliteVec?: boolean;
}
