import type { BenchLib, LibName } from "./bench-lib.ts";

/**
 * Imports one library's adapter. Dynamic on purpose: a benchmark child process loads
 * only the library it measures, so its start-up cost and peak RSS are its own.
 */
export async function loadLib(name: LibName): Promise<BenchLib> {
  if (name === "weft") return (await import("./weft.ts")).weft;
  return (await import("./peer.ts")).peer;
}
