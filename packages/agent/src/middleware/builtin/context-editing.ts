import { AIMessage, type BaseMessage, ToolMessage } from "@weft/graph";
import type { ChatModelLike } from "@weft/graph/prebuilt";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware } from "../types.ts";
import {
  type ContextSize,
  type KeepSize,
  maxInputTokensOf,
  parseKeep,
  parseTrigger,
  triggerReached,
} from "./context-size.ts";
import { invalidOptions } from "./errors.ts";
import { countTokensApproximately, type TokenCounter } from "./token-count.ts";

/** What an edit gets: the messages of one model call, the model and a token counter. */
export interface ContextEditParams {
  /** The messages about to be sent (a copy: edit it in place or return a new list). */
  messages: BaseMessage[];
  /** The model of this call. */
  model: ChatModelLike;
  /** Counts tokens the way the middleware was configured to. */
  countTokens: TokenCounter;
}

/** One strategy of {@link contextEditingMiddleware}: edits the messages of a model call. */
export interface ContextEdit {
  /** Edits `params.messages` in place (returning nothing), or returns the new list. */
  apply(
    params: ContextEditParams,
  ): BaseMessage[] | undefined | Promise<BaseMessage[] | undefined> | Promise<void> | void;
}

/** Options of {@link ClearToolUsesEdit}. */
export interface ClearToolUsesEditConfig {
  /** When to clear: a conversation size (or a list, any of which fires). @default { tokens: 100000 } */
  trigger?: ContextSize | ContextSize[];
  /** How many of the most recent tool results stay untouched. @default { messages: 3 } */
  keep?: KeepSize;
  /** Also clear the arguments of the cleared calls in their AI message. @default false */
  clearToolInputs?: boolean;
  /** Tools whose results are never cleared. @default [] */
  excludeTools?: readonly string[];
  /** Text that replaces a cleared result. @default "[cleared]" */
  placeholder?: string;
  /** @deprecated Use `trigger: { tokens }`. */
  triggerTokens?: number;
  /** @deprecated Use `keep: { messages }`. */
  keepMessages?: number;
}

const EDIT = "ClearToolUsesEdit";
const CLEARED = { cleared: true, strategy: "clear_tool_uses" } as const;

function isCleared(message: ToolMessage): boolean {
  const meta = message.response_metadata?.context_editing as { cleared?: unknown } | undefined;
  return meta?.cleared === true;
}

/**
 * Clears old tool results once the conversation grows past `trigger`: each result but the
 * `keep` most recent is replaced by `placeholder` (marked in `response_metadata.
 * context_editing`), which frees the context that long tool outputs take while keeping
 * every call paired with a result.
 *
 * @throws WeftError `INVALID_CONFIG` for an invalid `trigger` or `keep`.
 * @example
 * contextEditingMiddleware({
 *   edits: [new ClearToolUsesEdit({ trigger: { tokens: 50000 }, keep: { messages: 5 }, excludeTools: ["memory"] })],
 * });
 */
export class ClearToolUsesEdit implements ContextEdit {
  readonly trigger: ContextSize[];
  readonly keep: KeepSize;
  readonly clearToolInputs: boolean;
  readonly excludeTools: ReadonlySet<string>;
  readonly placeholder: string;

  constructor(config: ClearToolUsesEditConfig = {}) {
    this.trigger = parseTrigger(
      EDIT,
      config.trigger ?? { tokens: config.triggerTokens ?? 100_000 },
    );
    this.keep = parseKeep(EDIT, config.keep ?? { messages: config.keepMessages ?? 3 });
    this.clearToolInputs = config.clearToolInputs ?? false;
    this.excludeTools = new Set(config.excludeTools ?? []);
    this.placeholder = config.placeholder ?? "[cleared]";
  }

  async apply({ messages, model, countTokens }: ContextEditParams): Promise<BaseMessage[]> {
    const maxInputTokens = maxInputTokensOf(model);
    const tokens = await countTokens(messages);
    if (!triggerReached(this.trigger, { messages: messages.length, tokens, maxInputTokens })) {
      return messages;
    }
    const owners = new Map<string, number>();
    messages.forEach((message, index) => {
      if (!AIMessage.isInstance(message)) return;
      for (const call of message.tool_calls ?? []) if (call.id) owners.set(call.id, index);
    });
    const results = messages.flatMap((message, index) =>
      ToolMessage.isInstance(message) && owners.has(message.tool_call_id)
        ? [{ message, index }]
        : [],
    );
    const keep = await this.keepCount(
      results.map((r) => r.message),
      countTokens,
      maxInputTokens,
    );
    const out = [...messages];
    for (const { message, index } of results.slice(0, Math.max(0, results.length - keep))) {
      if (isCleared(message)) continue;
      const owner = owners.get(message.tool_call_id)!;
      const call = (out[owner] as AIMessage).tool_calls.find((c) => c.id === message.tool_call_id);
      if (this.excludeTools.has(message.name ?? call?.name ?? "")) continue;
      out[index] = new ToolMessage({
        content: this.placeholder,
        id: message.id,
        name: message.name,
        tool_call_id: message.tool_call_id,
        status: message.status,
        response_metadata: { ...message.response_metadata, context_editing: CLEARED },
      });
      if (this.clearToolInputs)
        out[owner] = withoutInput(out[owner] as AIMessage, message.tool_call_id);
    }
    return out;
  }

  /** How many of the most recent results `keep` protects. */
  private async keepCount(
    results: BaseMessage[],
    countTokens: TokenCounter,
    maxInputTokens: number | undefined,
  ): Promise<number> {
    if ("messages" in this.keep) return this.keep.messages;
    const budget =
      "tokens" in this.keep
        ? this.keep.tokens
        : maxInputTokens === undefined
          ? undefined
          : Math.floor(maxInputTokens * this.keep.fraction);
    if (budget === undefined) return 3;
    let used = 0;
    let kept = 0;
    for (let i = results.length - 1; i >= 0; i--) {
      used += await countTokens([results[i]!]);
      if (used > budget) break;
      kept++;
    }
    return kept;
  }
}

function withoutInput(message: AIMessage, callId: string): AIMessage {
  const meta = { ...message.response_metadata };
  const entry = { ...(meta.context_editing as Record<string, unknown> | undefined) };
  const ids = new Set((entry.cleared_tool_inputs as string[] | undefined) ?? []);
  ids.add(callId);
  entry.cleared_tool_inputs = [...ids].sort();
  meta.context_editing = entry;
  return new AIMessage({
    content: message.content,
    id: message.id,
    name: message.name,
    additional_kwargs: message.additional_kwargs,
    response_metadata: meta,
    usage_metadata: message.usage_metadata,
    tool_calls: message.tool_calls.map((c) => (c.id === callId ? { ...c, args: {} } : c)),
  });
}

/** Options of {@link contextEditingMiddleware}. */
export interface ContextEditingMiddlewareConfig {
  /** The edits, applied in order. @default [new ClearToolUsesEdit()] */
  edits?: readonly ContextEdit[];
  /**
   * How tokens are counted: `"approx"` (about four characters per token), or `"model"`
   * (the model's own counter: `getNumTokensFromMessages`, or `getNumTokens` per message).
   * @default "approx"
   */
  tokenCountMethod?: "approx" | "model";
}

type TokenCountingModel = {
  getNumTokensFromMessages?: (messages: BaseMessage[]) => Promise<{ totalCount: number }>;
  getNumTokens?: (content: BaseMessage["content"]) => Promise<number>;
};

function modelCounter(model: ChatModelLike, system: BaseMessage[]): TokenCounter {
  const counting = model as ChatModelLike & TokenCountingModel;
  if (typeof counting.getNumTokensFromMessages === "function") {
    return async (messages) =>
      (await counting.getNumTokensFromMessages!([...system, ...messages])).totalCount;
  }
  if (typeof counting.getNumTokens === "function") {
    return async (messages) => {
      let total = 0;
      for (const message of [...system, ...messages]) {
        total += await counting.getNumTokens!(message.content);
      }
      return total;
    };
  }
  throw invalidOptions(
    "ContextEditingMiddleware",
    'tokenCountMethod "model" needs a model with getNumTokensFromMessages or getNumTokens',
  );
}

/**
 * Edits the conversation sent to the model when it grows large, without changing the
 * state: by default, once it reaches 100,000 tokens, old tool results are replaced by a
 * placeholder ({@link ClearToolUsesEdit}). Each model call gets the edited copy; the
 * thread keeps the full history.
 *
 * @example
 * createAgent({
 *   model,
 *   tools,
 *   middleware: [contextEditingMiddleware({ edits: [new ClearToolUsesEdit({ trigger: { tokens: 2000 }, keep: { messages: 2 } })] })],
 * });
 */
export function contextEditingMiddleware(
  config: ContextEditingMiddlewareConfig = {},
): AgentMiddleware<undefined, undefined> {
  const edits = config.edits ?? [new ClearToolUsesEdit()];
  const method = config.tokenCountMethod ?? "approx";
  if (method !== "approx" && method !== "model") {
    throw invalidOptions("ContextEditingMiddleware", `unknown tokenCountMethod ${String(method)}`);
  }
  return createMiddleware({
    name: "ContextEditingMiddleware",
    wrapModelCall: async (request, handler) => {
      if (request.messages.length === 0) return handler(request);
      const system = request.systemMessage.text ? [request.systemMessage] : [];
      const countTokens: TokenCounter =
        method === "approx"
          ? (messages) => countTokensApproximately(messages)
          : modelCounter(request.model, system);
      let messages = [...request.messages];
      for (const edit of edits) {
        const edited = await edit.apply({ messages, model: request.model, countTokens });
        if (Array.isArray(edited)) messages = edited;
      }
      return handler({ ...request, messages });
    },
  });
}
