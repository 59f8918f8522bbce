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
}
