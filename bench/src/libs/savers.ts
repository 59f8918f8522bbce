import type { LibName, SaverLike } from "./bench-lib.ts";

/** One checkpoint saver, as each library provides it. */
export interface SaverEntry {
  /** Short id used in variant names and `--filter`. */
  name: string;
  /** What the report calls it. */
  label: string;
  /** A fresh, empty saver of each library (imported lazily: a child loads one library). */
  create: Record<LibName, () => Promise<SaverLike>>;
}

/**
 * The savers every checkpointing scenario runs with. Adding a backend (SQLite, Postgres,
 * Redis, MongoDB) is one entry here; scenarios pick it up as a new variant.
 */
export const SAVERS: readonly SaverEntry[] = [
  {
    name: "memory",
    label: "MemorySaver",
    create: {
      weft: async () => new (await import("@weft/checkpoint")).MemorySaver(),
      peer: async () => new (await import("@langchain/langgraph-checkpoint")).MemorySaver(),
    },
  },
];

/** Creates the named saver of one library. */
export async function createSaver(name: string, lib: LibName): Promise<SaverLike> {
  const entry = SAVERS.find((saver) => saver.name === name);
  if (!entry) throw new Error(`unknown saver "${name}"; known: ${SAVERS.map((s) => s.name)}`);
  return entry.create[lib]();
}
