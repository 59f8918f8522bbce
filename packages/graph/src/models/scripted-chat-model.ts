import { WeftError } from "@weft/checkpoint";
import {
  AIMessageChunk,
  type BaseMessage,
  type MessageContent,
  type ToolCall,
  type ToolCallChunk,
  type UsageMetadata,
} from "../messages/index.ts";
import { sleep } from "../runtime/abort.ts";
import type { ToolDefinition } from "../tools/tool-types.ts";
import { BaseChatModel } from "./chat-model.ts";
import type {
  ChatModelFields,
  ChatModelRequest,
  ResponseFormat,
  ToolChoice,
} from "./chat-model-types.ts";

/** A scripted reply given as fields. */
export interface ScriptedMessage {
  content?: MessageContent;
  /** Tool calls; a missing `id` becomes `call_<n>` (n counts the model's tool calls). */
  toolCalls?: { name: string; args?: Record<string, unknown>; id?: string }[];
  /** Same as `toolCalls` (message-style spelling). */
  tool_calls?: { name: string; args?: Record<string, unknown>; id?: string }[];
  usage?: UsageMetadata;
  id?: string;
}

/**
 * One reply of the script: text, fields, an AI message (Weft or core), an `Error` to
 * throw (a failing provider), or a function of the call that returns any of these.
 */
export type ScriptedReply =
  | string
  | ScriptedMessage
  | Error
  | { content: unknown; tool_calls?: ToolCall[]; _getType(): string }
  | ((call: ScriptedCall) => ScriptedReply | Promise<ScriptedReply>);

/** What the model received in one call (recorded in `calls`). */
export interface ScriptedCall {
  /** 0-based position of the call. */
  index: number;
  messages: BaseMessage[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  tags: readonly string[];
}

/** Options of {@link ScriptedChatModel}. */
export interface ScriptedChatModelFields extends ChatModelFields {
  /** The replies, used in order, one per call. */
  replies: ScriptedReply[];
  /** Start again at the first reply when the script runs out (instead of failing). @default false */
  cycle?: boolean;
  /** Characters per streamed text chunk; 0 splits at word boundaries. @default 0 */
  chunkSize?: number;
  /** Milliseconds between streamed chunks (demos, cancellation tests). @default 0 */
  tokenDelayMs?: number;
  /** Name reported as `ls_model_name`. @default "scripted" */
  model?: string;
}

// Shared by every copy made with bindTools / withConfig, so the script advances once
// per call whichever copy made it.
interface Script {
  readonly replies: ScriptedReply[];
  readonly calls: ScriptedCall[];
  toolCallCount: number;
}

/**
 * A deterministic chat model for tests, benchmarks and offline demos: it answers each
 * call with the next scripted reply, streaming text word by word (or in fixed-size
 * pieces) and tool calls as tool-call chunks, and records what it was called with.
 *
 * @throws WeftError `INVALID_CONFIG` from a call when the script has no reply left
 *   (unless `cycle`).
 * @example
 * const model = new ScriptedChatModel({
 *   replies: [
 *     { toolCalls: [{ name: "get_weather", args: { city: "sf" } }] },
 *     "It's 60 degrees and foggy.",
 *   ],
 * });
 */
export class ScriptedChatModel extends BaseChatModel {
  readonly provider = "scripted";
  readonly model: string;
  readonly cycle: boolean;
  readonly chunkSize: number;
  readonly tokenDelayMs: number;
  protected readonly script: Script;

  constructor(fields: ScriptedChatModelFields) {
    super(fields);
    this.model = fields.model ?? "scripted";
    this.cycle = fields.cycle ?? false;
    this.chunkSize = fields.chunkSize ?? 0;
    this.tokenDelayMs = fields.tokenDelayMs ?? 0;
    this.script = { replies: [...fields.replies], calls: [], toolCallCount: 0 };
  }

  /** Every call so far, in order. */
  get calls(): readonly ScriptedCall[] {
    return this.script.calls;
  }

  protected async *_stream(request: ChatModelRequest): AsyncGenerator<AIMessageChunk> {
    const { script } = this;
    const index = script.calls.length;
    const call: ScriptedCall = {
      index,
      messages: request.messages,
      tools: request.tools,
      toolChoice: request.toolChoice,
      responseFormat: request.responseFormat,
      tags: request.config.tags ?? [],
    };
    script.calls.push(call);
    const reply = this.normalize(await this.resolve(this.replyAt(index), call));
    const chunks = this.chunksOf(reply);
    for (let i = 0; i < chunks.length; i++) {
      if (i > 0 && this.tokenDelayMs > 0) await sleep(this.tokenDelayMs, request.signal);
      request.signal?.throwIfAborted();
      yield chunks[i]!;
    }
  }

  private replyAt(index: number): ScriptedReply {
    const { replies } = this.script;
    if (index < replies.length) return replies[index]!;
    if (this.cycle && replies.length > 0) return replies[index % replies.length]!;
    throw new WeftError(
      "INVALID_CONFIG",
      `ScriptedChatModel has no reply left for call #${index + 1} (the script has ${replies.length}). Add replies or set cycle: true.`,
      { details: { calls: index + 1, replies: replies.length } },
    );
  }

  private async resolve(reply: ScriptedReply, call: ScriptedCall): Promise<ScriptedReply> {
    let current = reply;
    while (typeof current === "function") current = await current(call);
    if (current instanceof Error) throw current;
    return current;
  }

  private normalize(reply: ScriptedReply): Required<Pick<ScriptedMessage, "content">> & {
    toolCalls: ToolCall[];
    usage?: UsageMetadata;
    id?: string;
  } {
    if (typeof reply === "string") return { content: reply, toolCalls: [] };
    const fields = reply as ScriptedMessage & { usage_metadata?: UsageMetadata };
    const raw = fields.toolCalls ?? fields.tool_calls ?? [];
    const toolCalls = raw.map((call) => ({
      name: call.name,
      args: call.args ?? {},
      id: call.id ?? `call_${++this.script.toolCallCount}`,
      type: "tool_call" as const,
    }));
    return {
      content: (fields.content as MessageContent | undefined) ?? "",
      toolCalls,
      usage: fields.usage ?? fields.usage_metadata,
      id: fields.id,
    };
  }

  private chunksOf(reply: ReturnType<ScriptedChatModel["normalize"]>): AIMessageChunk[] {
    const pieces = typeof reply.content === "string" ? this.split(reply.content) : [];
    const chunks: AIMessageChunk[] = pieces.map(
      (text) => new AIMessageChunk({ content: text, id: reply.id }),
    );
    if (typeof reply.content !== "string") {
      chunks.push(new AIMessageChunk({ content: reply.content, id: reply.id }));
    }
    reply.toolCalls.forEach((call, index) => {
      const chunk: ToolCallChunk = {
        id: call.id,
        name: call.name,
        args: JSON.stringify(call.args),
        index,
        type: "tool_call_chunk",
      };
      chunks.push(new AIMessageChunk({ content: "", id: reply.id, tool_call_chunks: [chunk] }));
    });
    if (chunks.length === 0) chunks.push(new AIMessageChunk({ content: "", id: reply.id }));
    const last = chunks[chunks.length - 1]!;
    last.response_metadata = {
      ...last.response_metadata,
      finish_reason: reply.toolCalls.length > 0 ? "tool_calls" : "stop",
      model_name: this.model,
    };
    if (reply.usage) last.usage_metadata = reply.usage;
    return chunks;
  }

  private split(text: string): string[] {
    if (text === "") return [];
    if (this.chunkSize > 0) {
      const out: string[] = [];
      for (let i = 0; i < text.length; i += this.chunkSize)
        out.push(text.slice(i, i + this.chunkSize));
      return out;
    }
    // Each piece is a word with the whitespace before it: "Hello", " world".
    return text.match(/\s*\S+|\s+$/g) ?? [text];
  }
}
