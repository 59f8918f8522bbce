import type { AIMessageChunk } from "../messages/ai-message-chunk.ts";
import type { BaseMessage } from "../messages/base-message.ts";
import type { StreamMode } from "../types.ts";

/** The metadata of a `messages` stream item: where the model was called, and which model. */
export interface MessagesStreamMetadata {
  langgraph_node: string;
  langgraph_step: number;
  langgraph_triggers: readonly string[];
  langgraph_path: readonly (string | number)[];
  langgraph_checkpoint_ns: string;
  /** Tags of the model call (filter on them). */
  tags?: string[];
  ls_provider?: string;
  ls_model_name?: string;
  [key: string]: unknown;
}

/**
 * What one stream mode yields, for a graph whose full output is `Output`:
 * `values` the output after each step, `messages` token chunks (or whole messages)
 * with their metadata; the other modes' payloads are described in the README.
 */
export interface StreamPayloads<Output> {
  values: Output;
  /** `{ [node]: update }`, or `{ __interrupt__: [...] }` when the run pauses. */
  updates: Record<string, any>;
  messages: [message: AIMessageChunk | BaseMessage, metadata: MessagesStreamMetadata];
  custom: any;
  debug: any;
  tasks: any;
  checkpoints: any;
}

type ModesOf<Modes> = Modes extends readonly (infer M)[] ? M : Modes;

type Tagged<Modes, Output> = {
  [M in ModesOf<Modes> & StreamMode]: [mode: M, payload: StreamPayloads<Output>[M]];
}[ModesOf<Modes> & StreamMode];

type Namespaced<Modes, Output> = {
  [M in ModesOf<Modes> & StreamMode]: [
    namespace: string[],
    mode: M,
    payload: StreamPayloads<Output>[M],
  ];
}[ModesOf<Modes> & StreamMode];

/**
 * The type of the chunks `stream()` yields for the given `streamMode` and `subgraphs`
 * options: the payload itself for one mode, `[mode, payload]` for a list of modes, and
 * the namespace first with `subgraphs: true`.
 */
export type StreamChunk<Modes, Subgraphs, Output> = Modes extends readonly unknown[]
  ? Subgraphs extends true
    ? Namespaced<Modes, Output>
    : Tagged<Modes, Output>
  : Subgraphs extends true
    ? [namespace: string[], payload: StreamPayloads<Output>[Modes & StreamMode]]
    : StreamPayloads<Output>[Modes & StreamMode];
