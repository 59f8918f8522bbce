import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  RemoveMessage,
  SystemMessage,
} from "@weft/graph";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware } from "../types.ts";
import {
  type ContextSize,
  type KeepSize,
  maxInputTokensOf,
  parseKeep,
  parseTrigger,
  triggerReached,
  usesFraction,
} from "./context-size.ts";
import { cutoffKeepingMessages, cutoffKeepingTokens } from "./cutoff.ts";
import { invalidOptions } from "./errors.ts";
import { internalCall, lazyModel, type ModelRef, replyText } from "./model-ref.ts";
import { countTokensApproximately, type TokenCounter } from "./token-count.ts";

/** The default prompt of the summary call; `{messages}` is replaced by the old messages. */
export const DEFAULT_SUMMARY_PROMPT = `You are condensing the early part of a conversation between a user and an AI agent, because the conversation is getting too long for the agent's context window. Your summary will replace these messages: the agent will see only it, followed by the most recent messages.

Write down everything the agent needs to keep working without repeating itself:
- the user's goals, requests, preferences and any facts about the user;
- decisions made, and the results of tool calls that are still relevant;
- what has been done already and what is still open.

Leave out pleasantries and anything no longer relevant. Reply with the summary only.

<messages>
{messages}
</messages>`;

/** Starts the summary message. */
export const DEFAULT_SUMMARY_PREFIX = "Here is a summary of the conversation to date:";

const NAME = "SummarizationMiddleware";
const DEFAULT_KEEP: KeepSize = { messages: 20 };
const DEFAULT_TRIM_TOKENS = 4000;

/** Options of {@link summarizationMiddleware}. */
export interface SummarizationMiddlewareConfig {
  /** The model that writes the summary: an instance or a `"provider:model"` string. */
  model: ModelRef;
  /**
   * When to summarize: a size (or a list, any of which fires) of the conversation before a
   * model call. Without a trigger the middleware never summarizes.
   */
  trigger?: ContextSize | ContextSize[];
  /** How much recent conversation to keep as it is. @default { messages: 20 } */
  keep?: KeepSize;
  /** Counts tokens for `tokens` and `fraction` sizes. @default countTokensApproximately */
  tokenCounter?: TokenCounter;
  /** The prompt of the summary call; `{messages}` is replaced by the messages to summarize. */
  summaryPrompt?: string;
  /** Starts the summary message. @default "Here is a summary of the conversation to date:" */
  summaryPrefix?: string;
  /** Only the last this-many tokens of the old messages are sent to the summary model. @default 4000 */
  trimTokensToSummarize?: number;
  /** @deprecated Use `trigger: { tokens }`. */
  maxTokensBeforeSummary?: number;
  /** @deprecated Use `keep: { messages }`. */
  messagesToKeep?: number;
}

const ROLE_NAMES: Record<string, string> = {
  human: "Human",
  ai: "AI",
  system: "System",
  tool: "Tool",
};

/** The messages as a transcript (`Human: ...`, `AI: ...`), tool calls included. */
export function formatTranscript(messages: readonly BaseMessage[]): string {
  return messages
    .map((message) => {
      const type = message._getType();
      const role = ROLE_NAMES[type] ?? String((message as { role?: unknown }).role ?? type);
      let line = `${role}: ${replyText(message)}`;
      if (AIMessage.isInstance(message) && message.tool_calls?.length) {
        line += `\nTool calls: ${JSON.stringify(message.tool_calls.map(({ name, args }) => ({ name, args })))}`;
      }
      return line;
    })
    .join("\n");
}

async function keepCutoff(
  messages: readonly BaseMessage[],
  keep: KeepSize,
  countTokens: TokenCounter,
  maxInputTokens: number | undefined,
): Promise<number> {
  if ("messages" in keep) return cutoffKeepingMessages(messages, keep.messages);
  const budget = "tokens" in keep ? keep.tokens : Math.floor(maxInputTokens! * keep.fraction);
  return cutoffKeepingTokens(messages, budget, countTokens);
}

/**
 * Keeps long conversations within the model's context: before a model call, once the
 * conversation reaches `trigger`, the older messages are summarized by `model` and
 * replaced in state by one summary message; the most recent ones (`keep`) stay as they
 * are. The cut never separates an AI message's tool calls from their `ToolMessage`s (it
 * moves earlier, keeping more). A system message at the start of the state is kept.
 *
 * The change is permanent: the old messages are deleted with `RemoveMessage`, and the
 * summary (a `HumanMessage` starting with `summaryPrefix`) takes the first one's id and
 * place. A failing summary call fails the run and leaves the state unchanged.
 *
 * @throws WeftError `INVALID_CONFIG` for an invalid `trigger` / `keep`, or when a
 *   `fraction` is used with a model that does not report `profile.maxInputTokens`.
 * @example
 * const agent = createAgent({
 *   model: "openai:gpt-4o",
 *   tools: [],
 *   middleware: [
 *     summarizationMiddleware({ model: "openai:gpt-4o-mini", trigger: { tokens: 4000 }, keep: { messages: 20 } }),
 *   ],
 *   checkpointer: new MemorySaver(),
 * });
 */
export function summarizationMiddleware(
  options: SummarizationMiddlewareConfig,
): AgentMiddleware<undefined, undefined> {
  if (options?.model === undefined || options.model === null) {
    throw invalidOptions(NAME, "model is required");
  }
  const rawTrigger =
    options.trigger ??
    (options.maxTokensBeforeSummary !== undefined
      ? { tokens: options.maxTokensBeforeSummary }
      : undefined);
  const triggers = rawTrigger === undefined ? [] : parseTrigger(NAME, rawTrigger);
  const keep = parseKeep(
    NAME,
    options.keep ??
      (options.messagesToKeep !== undefined ? { messages: options.messagesToKeep } : DEFAULT_KEEP),
  );
  const getModel = lazyModel(options.model);
  const countTokens = options.tokenCounter ?? countTokensApproximately;
  const prompt = options.summaryPrompt ?? DEFAULT_SUMMARY_PROMPT;
  const prefix = options.summaryPrefix ?? DEFAULT_SUMMARY_PREFIX;
  const trimTokens = options.trimTokensToSummarize ?? DEFAULT_TRIM_TOKENS;

  return createMiddleware({
    name: NAME,
    beforeModel: async (state, runtime) => {
      if (triggers.length === 0) return undefined;
      const { messages } = state;
      const model = getModel();
      const maxInputTokens = maxInputTokensOf(model);
      if (maxInputTokens === undefined && usesFraction([...triggers, keep])) {
        throw invalidOptions(
          NAME,
          "a fraction trigger or keep needs a model that reports profile.maxInputTokens; use tokens instead",
        );
      }
      const tokens = await countTokens([...messages]);
      if (!triggerReached(triggers, { messages: messages.length, tokens, maxInputTokens })) {
        return undefined;
      }
      const head = messages.length > 0 && SystemMessage.isInstance(messages[0]) ? 1 : 0;
      const conversation = messages.slice(head);
      const cut = await keepCutoff(conversation, keep, countTokens, maxInputTokens);
      if (cut <= 0) return undefined;
      const old = conversation.slice(0, cut);
      const sent = old.slice(await cutoffKeepingTokens(old, trimTokens, countTokens));
      const reply = await internalCall(
        model,
        prompt.replace("{messages}", formatTranscript(sent)),
        "summarization",
        runtime,
      );
      const summary = new HumanMessage({
        content: `${prefix}\n\n${replyText(reply).trim()}`,
        id: old[0]!.id,
        additional_kwargs: { lc_source: "summarization" },
      });
      return {
        messages: [
          ...old.slice(1).map((message) => new RemoveMessage({ id: message.id! })),
          summary,
        ],
      };
    },
  });
}
