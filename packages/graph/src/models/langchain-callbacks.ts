import { AIMessageChunk } from "../messages/index.ts";
import type { MessageSink, ModelCallMeta } from "../runtime/message-stream.ts";

const NO_STREAM_TAGS = ["nostream", "langsmith:nostream"];

/** Marks handlers made by {@link langchainCallbacksFor}, so a config gets at most one. */
export const WEFT_MESSAGES_HANDLER: unique symbol = Symbol.for("weft.messagesHandler");

/** The callback methods `@langchain/core` chat models call; shaped for `config.callbacks`. */
export interface LangchainMessagesHandler {
  readonly [WEFT_MESSAGES_HANDLER]: true;
  /** Asks core chat models to stream internally even for `invoke`. */
  readonly lc_prefer_streaming: true;
  /**
   * Core runs callbacks in the background unless a handler asks to be awaited; a token
   * reported late could arrive after its node (or the whole run) finished, and be lost.
   */
  readonly awaitHandlers: true;
  handleChatModelStart(
    llm: unknown,
    messages: unknown,
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    name?: string,
  ): void;
  handleLLMNewToken(
    token: string,
    idx: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    fields?: { chunk?: unknown },
  ): void;
  handleLLMEnd(output: { generations?: unknown[][] }, runId: string): void;
  handleLLMError(error: unknown, runId: string): void;
}

/**
 * A callback handler that reports the tokens of `@langchain/core` chat models to a
 * `messages` stream sink: put it in the `callbacks` list of the config a core model is
 * called with. Core wraps a plain handler object (no `name`) into a handler, keeping
 * `lc_prefer_streaming`, so `invoke` streams internally and each token arrives as a chunk.
 *
 * Calls tagged `nostream` are not reported. `meta` is merged into each event's metadata
 * with the call's tags and its `ls_provider` / `ls_model_name`.
 *
 * @example
 * const config = { ...taskConfig, callbacks: [...(taskConfig.callbacks ?? []), langchainCallbacksFor(sink)] };
 */
export function langchainCallbacksFor(
  sink: MessageSink,
  meta: ModelCallMeta = {},
): LangchainMessagesHandler {
  const runs = new Map<string, ModelCallMeta>();
  return {
    [WEFT_MESSAGES_HANDLER]: true,
    lc_prefer_streaming: true,
    awaitHandlers: true,
    handleChatModelStart(_llm, _messages, runId, _parent, _extra, tags, metadata) {
      if (tags?.some((tag) => NO_STREAM_TAGS.includes(tag))) return;
      const callMeta: ModelCallMeta = { ...meta, tags: [...(meta.tags ?? []), ...(tags ?? [])] };
      for (const key of ["ls_provider", "ls_model_name", "ls_model_type"]) {
        if (metadata?.[key] !== undefined) callMeta[key] = metadata[key];
      }
      runs.set(runId, callMeta);
    },
    handleLLMNewToken(token, _idx, runId, _parent, _tags, fields) {
      const callMeta = runs.get(runId);
      if (!callMeta) return;
      const message = (fields?.chunk as { message?: unknown } | undefined)?.message;
      sink.chunk(runId, message ?? new AIMessageChunk({ content: token }), callMeta);
    },
    handleLLMEnd(output, runId) {
      const callMeta = runs.get(runId);
      runs.delete(runId);
      if (!callMeta) return;
      const message = (output.generations?.[0]?.[0] as { message?: unknown } | undefined)?.message;
      if (message !== undefined) sink.end(runId, message, callMeta);
    },
    handleLLMError(_error, runId) {
      runs.delete(runId);
    },
  };
}

/** True when `callbacks` (a list) already holds a handler from {@link langchainCallbacksFor}. */
export function hasMessagesHandler(callbacks: unknown): boolean {
  return (
    Array.isArray(callbacks) &&
    callbacks.some(
      (handler) =>
        typeof handler === "object" && handler !== null && WEFT_MESSAGES_HANDLER in handler,
    )
  );
}
