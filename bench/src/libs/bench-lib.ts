/** Which library a measurement ran on. */
export type LibName = "weft" | "peer";

/** The two libraries, in the order the report shows them. */
export const LIB_NAMES: readonly LibName[] = ["weft", "peer"];

/** A tool call as both libraries' AI messages accept it. */
export interface ToolCallSpec {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/**
 * The slice of a checkpoint saver the scenarios call. Typed loosely on purpose: the two
 * libraries' savers take the same shapes but come from unrelated type declarations.
 */
export interface SaverLike {
  put(config: any, checkpoint: any, metadata: any, newVersions: any): Promise<any>;
  getTuple(config: any): Promise<any>;
  list(config: any, options?: any): AsyncIterable<any>;
}

/**
 * The slice of a long-term memory store the scenarios call. Loosely typed for the same
 * reason as {@link SaverLike}: both libraries' stores take the peer's operation shapes.
 */
export interface StoreLike {
  /** Puts (`{ namespace, key, value }`), gets and searches, all in one call. */
  batch(operations: any[]): Promise<any[]>;
  search(
    namespacePrefix: string[],
    options: { query?: string; filter?: Record<string, unknown>; limit?: number },
  ): Promise<{ key: string; namespace: string[]; value: any; score?: number }[]>;
  /** How `query` searches run, where the store says (Weft's `SqliteStore`). */
  readonly vectorSearch?: string;
}

/**
 * Where a benchmark store keeps its items: in process memory, or (Weft) in a SQLite file
 * searched with the sqlite-vec extension or by an exact scan (`sqliteVec: false`).
 */
export type StoreBackend = "memory" | "sqlite-vec" | "sqlite-scan";

/** What {@link BenchLib.createStore} builds a store from. */
export interface StoreSetup {
  backend: StoreBackend;
  /** The vector index: the same embeddings object on both sides. */
  index: { embeddings: unknown; dims: number; fields: string[] };
  /** The database file of a SQLite backend. */
  path?: string;
}

/** A store and how to let go of it (close its database). */
export interface OpenStore {
  store: StoreLike;
  /**
   * What actually serves the backend: the peer has no SQLite store, so it answers every
   * backend with its `InMemoryStore`.
   */
  implementation: string;
  close(): void;
}

/**
 * Everything a scenario needs from a graph library. Each scenario is written once against
 * this object; `libs/weft.ts` and `libs/peer.ts` fill it from their own imports, so the
 * graph code is identical and only the library differs.
 */
export interface BenchLib {
  name: LibName;
  /** `StateGraph` of the library. */
  StateGraph: new (
    state: any,
  ) => any;
  /** `Annotation` of the library (callable, with `.Root`). */
  Annotation: any;
  /** `StateSchema` of the library. */
  StateSchema: new (
    fields: any,
  ) => any;
  /** `Send` of the library. */
  Send: new (
    node: string,
    arg: unknown,
  ) => unknown;
  START: string;
  END: string;
  /**
   * The messages state field: `default` is the documented `MessagesValue`; `delta` is an
   * opt-in incremental variant where the library has one (the peer's experimental
   * `MessagesDeltaValue`), else the same as `default`.
   */
  messagesField: { default: unknown; delta: unknown };
  humanMessage(content: string): unknown;
  aiMessage(content: string, toolCalls: ToolCallSpec[]): unknown;
  toolMessage(content: string, toolCallId: string): unknown;
  /** `emptyCheckpoint()` of the library's checkpoint package. */
  emptyCheckpoint(): any;
  /** `uuid6()` of the library's checkpoint package: time-sortable checkpoint ids. */
  uuid6(clockseq: number): string;
  /**
   * A fresh, empty store with a vector index. Its module loads on first call, so that
   * children of other scenarios never pay for it.
   */
  createStore(setup: StoreSetup): Promise<OpenStore>;
}
