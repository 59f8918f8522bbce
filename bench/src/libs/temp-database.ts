import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A database file in a directory of its own under the system's temp directory. */
export interface TempDatabase {
  /** Where the database goes (nothing is created there until a driver opens it). */
  path: string;
  /**
   * Bytes on disk: the file plus any write-ahead log or rollback journal beside it. Close
   * the connection first, so that SQLite folds its log into the file.
   */
  bytes(): number;
  /** Deletes the directory and everything in it. Safe to call twice. */
  remove(): void;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * A fresh temp database path. The directory is also removed when the process exits, so
 * that a case that throws half-way leaves nothing behind.
 */
export function tempDatabase(name = "bench.db"): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), "weft-bench-"));
  const path = join(dir, name);
  const remove = () => {
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", remove);
  };
  process.on("exit", remove);
  return {
    path,
    bytes: () => sizeOf(path) + sizeOf(`${path}-wal`) + sizeOf(`${path}-journal`),
    remove,
  };
}
