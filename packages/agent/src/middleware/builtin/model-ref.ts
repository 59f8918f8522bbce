import type { AIMessage, BaseMessage } from "@weft/graph";
import type { ChatModelLike } from "@weft/graph/prebuilt";
import { createChatModel } from "../../models/init-chat-model.ts";
import type { Runtime } from "../types.ts";

/** A model given as an instance or as a `"provider:model"` string (see `initChatModel`). */
export type ModelRef = string | ChatModelLike;

/**
 * A getter for the model `ref` names. Strings are resolved on first use, so that a
 * middleware can be defined before the provider's API key is set.
 */
export function lazyModel(ref: ModelRef): () => ChatModelLike {
  if (typeof ref !== "string") return () => ref;
  let model: ChatModelLike | undefined;
  return () => {
    model ??= createChatModel(ref);
    return model;
  };
}

/**
 * Calls a model for the middleware's own purposes (a summary, a tool selection): tagged
 * `nostream` so its tokens stay out of the run's `messages` stream, with `lc_source`
 * metadata naming the middleware, and stopped when the run is cancelled.
 */
export async function internalCall(
  model: ChatModelLike,
  input: string | BaseMessage[],
  source: string,
  runtime: Runtime,
): Promise<AIMessage> {
  return (await model.invoke(input, {
    tags: ["nostream"],
    metadata: { lc_source: source },
    ...(runtime.signal ? { signal: runtime.signal } : {}),
  })) as AIMessage;
}

/** The text of a reply: string content, or its text blocks joined. */
export function replyText(message: { content?: unknown }): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block) => {
      if (typeof block === "string") return block;
      const text = (block as { text?: unknown } | null)?.text;
      return typeof text === "string" ? text : "";
    })
    .join("");
}
