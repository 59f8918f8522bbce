import type { LangGraphRunnableConfig } from "../types.ts";
import { resolveConfig } from "./context.ts";

/**
 * Where chat models report what they produce while a graph runs, for the
 * `messages` stream mode. The loop puts a sink into each task's config when
 * someone streams `messages`; a model looks it up with {@link messageSinkOf}
 * and reports every token chunk and every finished message.
 */
export interface MessageSink {
  /** A token chunk of the model call `callId` (an `AIMessageChunk`). */
  chunk(callId: string, chunk: unknown, meta?: ModelCallMeta): void;
  /**
   * The call `callId` finished with `message`. Emitted to the stream only when the
   * call produced no chunks (an `invoke` without streaming), so nothing is doubled.
   */
  end(callId: string, message: unknown, meta?: ModelCallMeta): void;
}

/** Extra metadata a model adds to its stream events (merged into the task's metadata). */
export interface ModelCallMeta {
  /** Tags of the model call; `messages` readers can filter on them. */
  tags?: readonly string[];
  ls_provider?: string;
  ls_model_name?: string;
  [key: string]: unknown;
}

/** Key of the sink in a task's config. A symbol: spreads keep it, JSON drops it. */
export const MESSAGE_SINK: unique symbol = Symbol.for("weft.messageSink");

type WithSink = LangGraphRunnableConfig & { [MESSAGE_SINK]?: MessageSink };

/** The sink of the task `config` belongs to (or the current task's), if it streams `messages`. */
export function messageSinkOf(config?: LangGraphRunnableConfig): MessageSink | undefined {
  return (resolveConfig(config) as WithSink | undefined)?.[MESSAGE_SINK];
}

/** Returns `config` with `sink` attached. */
export function withMessageSink(
  config: LangGraphRunnableConfig,
  sink: MessageSink,
): LangGraphRunnableConfig {
  return { ...config, [MESSAGE_SINK]: sink } as WithSink;
}
