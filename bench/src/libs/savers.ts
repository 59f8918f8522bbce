import type { LibName, SaverLike } from "./bench-lib.ts";
import { SERVICE_SAVERS } from "./service-savers.ts";

/** A saver on a database file, and how to close that file. */
export interface FileSaver {
  saver: SaverLike;
  /** Closes the connection (again: no-op); SQLite then folds its write-ahead log into the file. */
  close(): void;
}

/** One checkpoint saver, as each library provides it. */
export interface SaverEntry {
  /** Short id used in variant names and `--filter`. */
  name: string;
  /** What the report calls it. */
  label: string;
  /** A fresh, empty saver of each library (imported lazily: a child loads one library). */
  create: Partial<Record<LibName, () => Promise<SaverLike>>>;
  /** Libraries whose saver cannot run on this machine, with why (reported as n/a). */
  unavailable?: Partial<Record<LibName, string>>;
  /** Sizes for the scenarios that use this saver, when the full ones take too long here. */
  sizes?: Record<string, number>;
  /**
   * The same saver on a database file, for backends that write one: `messages_loop`
   * reports the file's size at the end.
   */
  createOnFile?: Record<LibName, (path: string) => Promise<FileSaver>>;
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
  {
    // In-memory databases on both sides: the same SQLite engine, no disk noise. On a file
    // (temp, deleted afterwards) only where a scenario reports the database's size.
    name: "sqlite",
    label: "SqliteSaver",
    create: {
      weft: async () =>
        (await import("@weft/checkpoint-sqlite")).SqliteSaver.fromConnString(":memory:"),
      peer: async () =>
        (await import("@langchain/langgraph-checkpoint-sqlite")).SqliteSaver.fromConnString(
          ":memory:",
        ),
    },
    createOnFile: {
      weft: async (path) => {
        const saver = (await import("@weft/checkpoint-sqlite")).SqliteSaver.fromConnString(path);
        return { saver, close: () => saver.close() };
      },
      peer: async (path) => {
        const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");
        const saver = SqliteSaver.fromConnString(path);
        // The peer's saver has no close(): its better-sqlite3 connection is public.
        return { saver, close: () => saver.db.open && saver.db.close() };
      },
    },
  },
];

/** Every saver the bench knows: the embedded ones, then those on services. */
const ALL_SAVERS: readonly SaverEntry[] = [...SAVERS, ...SERVICE_SAVERS];

function entryOf(name: string): SaverEntry {
  const entry = ALL_SAVERS.find((saver) => saver.name === name);
  if (!entry) throw new Error(`unknown saver "${name}"; known: ${ALL_SAVERS.map((s) => s.name)}`);
  return entry;
}

/** Creates the named saver of one library. */
export async function createSaver(name: string, lib: LibName): Promise<SaverLike> {
  const create = entryOf(name).create[lib];
  if (!create) throw new Error(`saver "${name}" has no ${lib} side`);
  return create();
}

/** Whether the named saver can write to a database file. */
export function savesToFile(name: string): boolean {
  return entryOf(name).createOnFile !== undefined;
}

/** Creates the named saver of one library on the database file at `path`. */
export async function createSaverOnFile(
  name: string,
  lib: LibName,
  path: string,
): Promise<FileSaver> {
  const onFile = entryOf(name).createOnFile;
  if (!onFile) throw new Error(`saver "${name}" has no database file`);
  return onFile[lib](path);
}
