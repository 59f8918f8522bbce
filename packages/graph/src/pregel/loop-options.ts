import type { BaseCheckpointSaver } from "@weft/checkpoint";
import type { Durability, LangGraphRunnableConfig } from "../types.ts";
import type { StreamSink } from "./stream.ts";

/** How a run ended. */
export type LoopStatus = "done" | "interrupt_before" | "interrupt_after" | "interrupted";

/** How a subgraph run treats its input when the task that calls it runs again after an interrupt. */
export type ResumeRule =
  /** Continue from the saved checkpoint, if any, ignoring the input (task-scoped namespaces). */
  | "continue"
  /** Continue only if the saved checkpoint is paused at an interrupt (namespaces shared across calls). */
  | "continue-interrupted";

/** Everything one run needs besides the graph. */
export interface LoopOptions {
  /** The run input; `null`/`undefined` continues from the checkpoint. */
  input: unknown;
  config: LangGraphRunnableConfig;
  sink: StreamSink;
  durability: Durability;
  interruptBefore: readonly string[] | "*";
  interruptAfter: readonly string[] | "*";
  /** Aborted by the caller or when the consumer stops reading. */
  signal: AbortSignal;
  /** Namespace of this graph ("" for the root graph). */
  ns?: string;
  /** Where checkpoints go; none without. */
  saver: BaseCheckpointSaver | undefined;
  /** Set when this graph runs inside a task of another graph. */
  nested?: {
    /** Answers given to the root run, by interrupt id. */
    resumeMap: Readonly<Record<string, unknown>> | undefined;
    resume: ResumeRule | undefined;
  };
}
