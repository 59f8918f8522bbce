import type { BenchLib } from "../libs/bench-lib.ts";

/**
 * What the compatibility suite needs from a graph library, beyond the bench adapter: the
 * routing, persistence and message classes a LangGraph.js program imports. Typed loosely
 * on purpose, like {@link BenchLib}: the two libraries' declarations are unrelated.
 */
export interface CompatLib extends BenchLib {
  /** `Command` of the library. */
  Command: new (
    params: any,
  ) => unknown;
  /** `interrupt` of the library: pauses the running node. */
  interrupt: (value: unknown) => any;
  /** `entrypoint` and `task` of the library's functional API. */
  entrypoint: (options: any, fn: (input: any, config: any) => any) => any;
  task: (name: string, fn: (...args: any[]) => any) => (...args: any[]) => Promise<any>;
  /** Inside an entrypoint: what its previous run on the thread saved. */
  getPreviousState: () => unknown;
  /** A fresh, empty `MemorySaver` of the library. */
  memorySaver(): any;
  /** `MessagesAnnotation` of the library. */
  MessagesAnnotation: any;
  /** `MessagesValue` of the library. */
  MessagesValue: unknown;
  /** `ReducedValue` of the library: a `StateSchema` field folded by a reducer. */
  ReducedValue: new (
    valueSchema: any,
    init: any,
  ) => unknown;
  /** `UntrackedValue` of the library: a `StateSchema` field kept out of checkpoints. */
  UntrackedValue: new (
    schema?: any,
    init?: any,
  ) => unknown;
  /** Message classes: `@weft/graph`'s own for Weft, `@langchain/core`'s for the peer. */
  messages: {
    HumanMessage: new (fields: any) => any;
    AIMessage: new (fields: any) => any;
    RemoveMessage: new (fields: { id: string }) => any;
  };
  /**
   * The stable identity of an error the library threw: Weft's `code`, the peer's
   * `lc_error_code` or, when it has none, its class name.
   */
  errorCode(error: unknown): string;
}

/** How an error that carries no code is named in comparisons: its class name, or its type. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
