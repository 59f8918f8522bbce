import { toStandardBlocks } from "./standard-blocks.ts";
import type {
  BaseMessageFields,
  ContentBlock,
  MessageContent,
  MessageData,
  MessageShape,
  MessageType,
} from "./types.ts";

// Marks Weft's own classes (across duplicate installs) so the serializer can tell them
// from `@langchain/core` messages, which share the duck-typed shape.
const WEFT_MESSAGE = Symbol.for("weft.message");

/**
 * True for any message: Weft's own, or a `@langchain/core` message (anything with a
 * `_getType()` method and string or array `content`), so core messages flow through Weft
 * graphs unchanged.
 */
export function isBaseMessage(value: unknown): value is BaseMessage {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { _getType?: unknown; content?: unknown };
  return (
    typeof candidate._getType === "function" &&
    (typeof candidate.content === "string" || Array.isArray(candidate.content))
  );
}

/** True only for instances of Weft's own message classes (not `@langchain/core` ones). */
export function isWeftMessage(value: unknown): value is BaseMessage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[WEFT_MESSAGE] === true
  );
}

/** The role of any message, Weft or core (older core messages only have `_getType()`). */
export function messageTypeOf(message: MessageShape): string {
  return typeof message.type === "string" ? message.type : message._getType();
}

/** Accepts the constructor argument forms shared by every message class. */
export function toFields<F extends BaseMessageFields>(arg: MessageContent | F): F {
  return (typeof arg === "string" || Array.isArray(arg) ? { content: arg } : arg) as F;
}

/**
 * Base of Weft's light message classes, shaped like `@langchain/core` v1 messages so code
 * written for those runs with only its imports changed.
 */
export abstract class BaseMessage {
  /** The role of this message. */
  abstract readonly type: MessageType;
  /** Text, or a list of content blocks. */
  content: MessageContent;
  /** Unique id; `addMessages` assigns one when missing. */
  id?: string;
  /** Optional author name (provider-dependent). */
  name?: string;
  /** Provider-specific extras sent with the message. */
  additional_kwargs: Record<string, unknown>;
  /** Provider-specific facts about a response. */
  response_metadata: Record<string, unknown>;

  constructor(arg: MessageContent | BaseMessageFields) {
    const fields = toFields(arg);
    if (fields.content === undefined && fields.contentBlocks !== undefined) {
      this.content = fields.contentBlocks;
    } else {
      this.content = fields.content ?? [];
    }
    this.id = fields.id;
    this.name = fields.name;
    this.additional_kwargs = fields.additional_kwargs ?? {};
    this.response_metadata = fields.response_metadata ?? {};
  }

  /** Same as {@link BaseMessage.type}; kept for code written against older core versions. */
  getType(): MessageType {
    return this.type;
  }

  /** Same as {@link BaseMessage.type}; kept for code written against older core versions. */
  _getType(): MessageType {
    return this.type;
  }

  /** The text of the message: string content, or its text blocks joined. */
  get text(): string {
    if (typeof this.content === "string") return this.content;
    let text = "";
    for (const block of this.content) {
      if (block.type === "text" && typeof block.text === "string") text += block.text;
    }
    return text;
  }

  /**
   * The content as LangChain's standard content blocks (text, reasoning, image, audio,
   * file, tool calls...): string content becomes one text block, and provider formats
   * (Anthropic `thinking`, OpenAI `reasoning` summaries, `image_url`...) are translated.
   */
  get contentBlocks(): ContentBlock[] {
    return typeof this.content === "string"
      ? [{ type: "text", text: this.content }]
      : toStandardBlocks(this.content);
  }

  /** Plain, JSON-able data (`{type, content, id, ...}`); any message constructor or `coerceMessageLikeToMessage` rebuilds the message from it. */
  toJSON(): MessageData {
    return this.writeData({ type: this.type }) as unknown as MessageData;
  }

  /** `{type, data}`: the stored-message shape of `@langchain/core`'s `toDict()`. */
  toDict(): { type: MessageType; data: Omit<MessageData, "type"> } {
    return { type: this.type, data: this.writeData({}) as unknown as Omit<MessageData, "type"> };
  }

  /**
   * Copies the message's fields into `out`, leaving out `undefined` ones. Builds the
   * object by assignment only: this runs for every message of every checkpoint.
   */
  private writeData(out: Record<string, unknown>): Record<string, unknown> {
    out.content = this.content;
    if (this.id !== undefined) out.id = this.id;
    if (this.name !== undefined) out.name = this.name;
    out.additional_kwargs = this.additional_kwargs;
    out.response_metadata = this.response_metadata;
    const extra = this.extraFields();
    for (const key in extra) {
      const value = extra[key];
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  /** Fields a subclass adds to {@link BaseMessage.toJSON}. */
  protected extraFields(): Record<string, unknown> {
    return {};
  }

  /** True for any message, Weft or `@langchain/core`. */
  static isInstance(value: unknown): value is BaseMessage {
    return isBaseMessage(value);
  }

  // Like core: `instanceof` is a shape check, so it holds across duplicate installs and
  // for core messages.
  static [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: dispatches to the subclass's role check
    return this.isInstance(value);
  }
}

// On the prototype rather than a declared field, so the class type stays structurally
// compatible with core messages.
Object.defineProperty(BaseMessage.prototype, WEFT_MESSAGE, { value: true });

/** True when `value` is a message (Weft or core) with the given role. */
export function hasMessageType(value: unknown, type: MessageType): boolean {
  return isBaseMessage(value) && messageTypeOf(value) === type;
}
