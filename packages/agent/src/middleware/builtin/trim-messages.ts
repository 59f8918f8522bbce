import {
  AIMessage,
  type BaseMessage,
  ChatMessage,
  type ContentBlock,
  HumanMessage,
  type MessageContent,
  SystemMessage,
  ToolMessage,
} from "@weft/graph";
import { invalidOptions } from "./errors.ts";

/** A message role (`"human"`, `"ai"`, `"system"`, `"tool"`...) or a message class. */
export type MessageTypeOrClass =
  | string
  | (new (
      fields: any,
    ) => { getType?: () => string; _getType(): string });

/** Counts the tokens of a message list, or a model whose `getNumTokens(content)` counts one message. */
export type TrimTokenCounter =
  | ((messages: BaseMessage[]) => number | Promise<number>)
  | { getNumTokens(content: MessageContent): number | Promise<number> };

/** Options of {@link trimMessages}. */
export interface TrimMessagesOptions {
  /** Most tokens the result may hold. */
  maxTokens: number;
  /** How tokens are counted: a function of a message list, or a chat model. */
  tokenCounter: TrimTokenCounter;
  /** Keep the first messages or the last ones. @default "last" */
  strategy?: "first" | "last";
  /**
   * Keep part of the message at the boundary (its first / last content blocks, or text
   * pieces from `textSplitter`) when the whole does not fit. @default false
   */
  allowPartial?: boolean;
  /** The result must end with a message of one of these types (applied before trimming with `"last"`). */
  endOn?: MessageTypeOrClass | MessageTypeOrClass[];
  /** With `"last"`: the result must start with a message of one of these types. */
  startOn?: MessageTypeOrClass | MessageTypeOrClass[];
  /** With `"last"`: keep a leading system message whatever happens. @default false */
  includeSystem?: boolean;
  /** Splits a message's text for `allowPartial`. @default split at newlines, keeping them */
  textSplitter?:
    | ((text: string) => string[] | Promise<string[]>)
    | { splitText(text: string): Promise<string[]> };
}

type ListCounter = (messages: BaseMessage[]) => Promise<number>;
type Splitter = (text: string) => Promise<string[]>;

const NAME = "trimMessages";

function typeOf(message: BaseMessage): string {
  return message._getType();
}

function typeNames(
  spec: MessageTypeOrClass | MessageTypeOrClass[] | undefined,
): Set<string> | undefined {
  if (spec === undefined) return undefined;
  const list = Array.isArray(spec) ? spec : [spec];
  return new Set(
    list.map((item) => {
      if (typeof item === "string") return item;
      const instance = new item({ content: "" });
      return instance.getType?.() ?? instance._getType();
    }),
  );
}

/** A copy of `message` (Weft or core) with other content; other fields kept. */
function withContent(message: BaseMessage, content: MessageContent): BaseMessage {
  const base = {
    content,
    id: message.id,
    name: message.name,
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
  };
  switch (typeOf(message)) {
    case "human":
      return new HumanMessage(base);
    case "system":
      return new SystemMessage(base);
    case "ai": {
      const ai = message as AIMessage;
      return new AIMessage({
        ...base,
        tool_calls: ai.tool_calls,
        usage_metadata: ai.usage_metadata,
      });
    }
    case "tool": {
      const tool = message as ToolMessage;
      return new ToolMessage({
        ...base,
        tool_call_id: tool.tool_call_id,
        status: tool.status,
        artifact: tool.artifact,
      });
    }
    default:
      return new ChatMessage({ ...base, role: (message as ChatMessage).role ?? typeOf(message) });
  }
}

/**
 * The longest prefix of `messages` within the budget, with part of the next message when
 * `partial` says which end of it to keep; then shortened until it ends on `endOn`.
 */
async function keepFirst(
  messages: readonly BaseMessage[],
  maxTokens: number,
  count: ListCounter,
  split: Splitter,
  partial: "first" | "last" | undefined,
  endOn: Set<string> | undefined,
): Promise<BaseMessage[]> {
  // Prefix sizes only grow with length: binary search the longest that fits.
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((await count(messages.slice(0, mid))) <= maxTokens) low = mid;
    else high = mid - 1;
  }
  const kept = messages.slice(0, low);
  const next = messages[low];
  if (partial && next) {
    const piece = await largestPiece(kept, next, maxTokens, count, split, partial);
    if (piece) kept.push(piece);
  }
  if (endOn) while (kept.length > 0 && !endOn.has(typeOf(kept[kept.length - 1]!))) kept.pop();
  return kept;
}

/** The largest part of `message` (blocks, else text pieces) that still fits after `kept`. */
async function largestPiece(
  kept: readonly BaseMessage[],
  message: BaseMessage,
  maxTokens: number,
  count: ListCounter,
  split: Splitter,
  from: "first" | "last",
): Promise<BaseMessage | undefined> {
  const fits = async (candidate: BaseMessage) => (await count([...kept, candidate])) <= maxTokens;
  const take = <T>(items: readonly T[], n: number) =>
    from === "first" ? items.slice(0, n) : items.slice(items.length - n);
  const { content } = message;
  if (Array.isArray(content) && content.length > 1) {
    let best: BaseMessage | undefined;
    for (let n = 1; n < content.length; n++) {
      const candidate = withContent(message, take(content, n) as ContentBlock[]);
      if (!(await fits(candidate))) break;
      best = candidate;
    }
    if (best) return best;
  }
  const text =
    typeof content === "string"
      ? content
      : (content.find((block) => block.type === "text" && typeof block.text === "string")?.text as
          | string
          | undefined);
  if (!text) return undefined;
  const pieces = await split(text);
  for (let n = pieces.length - 1; n > 0; n--) {
    const candidate = withContent(message, take(pieces, n).join(""));
    if (await fits(candidate)) return candidate;
  }
  return undefined;
}

function listCounter(counter: TrimTokenCounter): ListCounter {
  if (typeof counter === "function") return async (messages) => counter(messages);
  if (counter && typeof counter.getNumTokens === "function") {
    return async (messages) => {
      let total = 0;
      for (const message of messages) total += await counter.getNumTokens(message.content);
      return total;
    };
  }
  throw invalidOptions(NAME, "tokenCounter must be a function or have getNumTokens()");
}

function splitter(option: TrimMessagesOptions["textSplitter"]): Splitter {
  if (option === undefined) {
    return async (text) => text.split(/(?<=\n)/);
  }
  if (typeof option === "function") return async (text) => option(text);
  return (text) => option.splitText(text);
}

async function trim(
  messages: readonly BaseMessage[],
  options: TrimMessagesOptions,
): Promise<BaseMessage[]> {
  const { maxTokens, strategy = "last", allowPartial = false, includeSystem = false } = options;
  if (typeof maxTokens !== "number" || Number.isNaN(maxTokens)) {
    throw invalidOptions(NAME, "maxTokens must be a number");
  }
  if (strategy !== "first" && strategy !== "last") {
    throw invalidOptions(NAME, `strategy must be "first" or "last" (got ${String(strategy)})`);
  }
  if (strategy === "first" && (options.startOn !== undefined || includeSystem)) {
    throw invalidOptions(NAME, 'startOn and includeSystem apply only to strategy "last"');
  }
  const count = listCounter(options.tokenCounter);
  const split = splitter(options.textSplitter);
  const endOn = typeNames(options.endOn);
  if (strategy === "first") {
    return keepFirst(messages, maxTokens, count, split, allowPartial ? "first" : undefined, endOn);
  }
  let list = [...messages];
  if (endOn) while (list.length > 0 && !endOn.has(typeOf(list[list.length - 1]!))) list.pop();
  const system =
    includeSystem && list[0] !== undefined && typeOf(list[0]) === "system" ? list[0] : undefined;
  if (system) list = list.slice(1);
  // Keeping the last messages is keeping the first of the reversed list; a kept system
  // message goes first so that it is counted before anything else.
  const reversed = list.reverse();
  const kept = await keepFirst(
    system ? [system, ...reversed] : reversed,
    maxTokens,
    count,
    split,
    allowPartial ? "last" : undefined,
    typeNames(options.startOn),
  );
  if (system && kept[0] === system) return [system, ...kept.slice(1).reverse()];
  return kept.reverse();
}

/**
 * Trims a conversation to fit `maxTokens`: keeps the last messages (or the first, with
 * `strategy: "first"`), optionally part of the message at the boundary, a leading system
 * message (`includeSystem`), and a valid start and end (`startOn: "human"`, `endOn`). The
 * input list and its messages are not changed.
 *
 * Given only options, returns a reusable trimmer with `invoke(messages)`.
 *
 * @throws WeftError `INVALID_CONFIG` for contradictory options or an unusable token counter.
 * @example
 * const recent = await trimMessages(state.messages, {
 *   maxTokens: 384,
 *   strategy: "last",
 *   startOn: "human",
 *   endOn: ["human", "tool"],
 *   tokenCounter: (msgs) => msgs.length,
 * });
 */
export function trimMessages(
  messages: readonly BaseMessage[],
  options: TrimMessagesOptions,
): Promise<BaseMessage[]>;
export function trimMessages(options: TrimMessagesOptions): {
  invoke(messages: readonly BaseMessage[]): Promise<BaseMessage[]>;
};
export function trimMessages(
  messagesOrOptions: readonly BaseMessage[] | TrimMessagesOptions,
  options?: TrimMessagesOptions,
): Promise<BaseMessage[]> | { invoke(messages: readonly BaseMessage[]): Promise<BaseMessage[]> } {
  if (Array.isArray(messagesOrOptions)) {
    if (!options) throw invalidOptions(NAME, "options are required with a message list");
    return trim(messagesOrOptions, options);
  }
  const fixed = messagesOrOptions as TrimMessagesOptions;
  return { invoke: (messages) => trim(messages, fixed) };
}
