import type { PendingWrite } from "@weft/checkpoint";
import { isBaseMessage } from "../messages/base-message.ts";
import type { MessageSink, ModelCallMeta } from "../runtime/message-stream.ts";

/**
 * The `messages` stream mode of one run: `[message, metadata]` pairs for every
 * token chunk a chat model produces inside a node, for a model call that did not
 * stream (its whole message, once), and for messages a node returns that no
 * model call already reported (a tool result, a hand-written reply). Metadata is the
 * task's (`langgraph_node`, `langgraph_step`, ...) plus the call's tags and model.
 */
export class MessagesStream {
  private readonly emit: (ns: readonly string[], payload: unknown) => void;
  /** Model calls that reported chunks: their final message is not repeated. */
  private readonly streamedCalls = new Set<string>();
  /** Ids of messages already reported, so a node's output does not repeat them. */
  private readonly seenIds = new Set<string>();

  constructor(emit: (ns: readonly string[], payload: unknown) => void) {
    this.emit = emit;
  }

  /** The sink chat models in one task report to. */
  sinkFor(ns: readonly string[], metadata: Record<string, unknown>): MessageSink {
    const withMeta = (meta: ModelCallMeta | undefined) =>
      meta === undefined ? metadata : { ...metadata, ...meta };
    return {
      chunk: (callId, chunk, meta) => {
        nameAfterCall(chunk, callId);
        this.streamedCalls.add(callId);
        this.remember(chunk);
        if (isNoStream(meta)) return;
        this.emit(ns, [chunk, withMeta(meta)]);
      },
      end: (callId, message, meta) => {
        nameAfterCall(message, callId);
        const streamed = this.streamedCalls.delete(callId);
        // Remember the final message even when its chunks were streamed, so the node
        // returning it does not report it a second time.
        const isNew = this.remember(message);
        if (streamed || !isNew || isNoStream(meta)) return;
        this.emit(ns, [message, withMeta(meta)]);
      },
    };
  }

  /** Reports the messages in a finished task's writes that nothing reported yet. */
  taskOutput(
    ns: readonly string[],
    metadata: Record<string, unknown>,
    writes: readonly PendingWrite[],
  ): void {
    for (const [, value] of writes) {
      if (Array.isArray(value)) {
        for (const item of value) this.outputMessage(ns, metadata, item);
      } else this.outputMessage(ns, metadata, value);
    }
  }

  private outputMessage(ns: readonly string[], metadata: Record<string, unknown>, value: unknown) {
    if (!isBaseMessage(value) || !this.remember(value)) return;
    this.emit(ns, [value, metadata]);
  }

  /** Records a message id; false when it was seen before. Messages without an id always count as new. */
  private remember(message: unknown): boolean {
    const id = (message as { id?: unknown } | null)?.id;
    if (typeof id !== "string") return true;
    if (this.seenIds.has(id)) return false;
    this.seenIds.add(id);
    return true;
  }
}

/**
 * Gives a model's chunk or message without an id the id of its call (`run-<callId>`),
 * as LangChain does: readers can group a call's chunks, and the message the node then
 * returns is recognized as already reported.
 */
function nameAfterCall(message: unknown, callId: string): void {
  if (typeof message !== "object" || message === null) return;
  const target = message as { id?: unknown };
  if (target.id === undefined || target.id === null) {
    try {
      target.id = `run-${callId}`;
    } catch {
      // a frozen message keeps no id
    }
  }
}

function isNoStream(meta: ModelCallMeta | undefined): boolean {
  return (
    meta?.tags?.includes("nostream") === true || meta?.tags?.includes("langsmith:nostream") === true
  );
}
