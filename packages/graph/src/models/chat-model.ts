import { AIMessage, AIMessageChunk } from "../messages/index.ts";
import type { MessageContent } from "../messages/types.ts";
import { type MessageSink, type ModelCallMeta, messageSinkOf } from "../runtime/message-stream.ts";
import { type BindableTool, toToolDefinition } from "../tools/tool-definition.ts";
import type { LangGraphRunnableConfig } from "../types.ts";
import { callConfig } from "./call-config.ts";
import { type ChatModelInput, toMessageList } from "./chat-model-input.ts";
import type {
  BindToolsOptions,
  ChatModelCallConfig,
  ChatModelFields,
  ChatModelRequest,
  ChatModelSettings,
  ChunkStream,
} from "./chat-model-types.ts";
import {
  type StructuredOutputMethod,
  type StructuredOutputOptions,
  type StructuredOutputRunnable,
  structuredOutput,
} from "./structured-output.ts";

const NO_STREAM_TAGS = ["nostream", "langsmith:nostream"];

/** One prepared call: its id, request, and where its tokens go. */
interface PreparedCall {
  id: string;
  request: ChatModelRequest;
  sink?: MessageSink;
  meta: ModelCallMeta;
}

/**
 * The chat-model interface: `invoke`, `stream`, `bindTools`, `withStructuredOutput`,
 * `withConfig`. Implementations provide `_stream` (and optionally a non-streaming
 * `_generate`).
 *
 * Inside a graph node a call finds the task's config by itself: it stops when the run
 * is cancelled and, when the run streams `messages`, reports its tokens (even for
 * `invoke`) with its tags and model name as metadata.
 */
export abstract class BaseChatModel {
  /** Provider name, reported as `ls_provider` in `messages` stream metadata. */
  abstract readonly provider: string;
  /** Model name, reported as `ls_model_name`. */
  abstract readonly model: string;
  /** The method `withStructuredOutput` uses when none is given. */
  protected readonly defaultStructuredOutputMethod: StructuredOutputMethod = "functionCalling";
  /** Tools, formats and config fixed on this copy of the model. */
  protected settings: ChatModelSettings;

  /** See {@link ChatModelFields.disableStreaming}. */
  readonly disableStreaming: boolean;

  constructor(fields: ChatModelFields = {}) {
    this.disableStreaming = fields.disableStreaming === true;
    const config: ChatModelCallConfig = {};
    if (fields.tags) config.tags = [...fields.tags];
    if (fields.metadata) config.metadata = { ...fields.metadata };
    this.settings = { tools: [], boundTools: [], config };
  }

  /** Streams the reply of one call as chunks. */
  protected abstract _stream(request: ChatModelRequest): AsyncIterable<AIMessageChunk>;

  /** The whole reply of one call; the default joins the chunks of `_stream`. */
  protected async _generate(request: ChatModelRequest): Promise<AIMessage> {
    let full: AIMessageChunk | undefined;
    for await (const chunk of this._stream(request)) {
      request.signal?.throwIfAborted();
      full = full ? full.concat(chunk) : chunk;
    }
    return toMessage(full ?? new AIMessageChunk(""));
  }

  /**
   * An estimate of the tokens in `content`: about four characters per token, the same
   * rule `@langchain/core` falls back to. Lets the model be `trimMessages`'s `tokenCounter`.
   */
  async getNumTokens(content: MessageContent): Promise<number> {
    const text =
      typeof content === "string"
        ? content
        : content
            .map((block) => ("text" in block && typeof block.text === "string" ? block.text : ""))
            .join("");
    return Math.ceil(text.length / 4);
  }

  /** The tools bound with `bindTools`, as given. */
  get boundTools(): readonly unknown[] {
    return this.settings.boundTools;
  }

  /**
   * Sends `input` and returns the reply. Honours `config.signal` (or the running task's).
   * @example
   * const reply = await model.invoke([{ role: "user", content: "Hi" }]);
   */
  async invoke(input: ChatModelInput, config?: ChatModelCallConfig): Promise<AIMessage> {
    const call = this.prepare(input, config);
    if (!call.sink || this.disableStreaming) return this.generate(call);
    let full: AIMessageChunk | undefined;
    for await (const chunk of this.run(call)) full = full ? full.concat(chunk) : chunk;
    return toMessage(full ?? new AIMessageChunk({ content: "", id: `run-${call.id}` }));
  }

  /**
   * Streams the reply as `AIMessageChunk`s; join them with `concat`.
   * @example
   * for await (const chunk of await model.stream("Tell me a joke")) process.stdout.write(chunk.text);
   */
  stream(input: ChatModelInput, config?: ChatModelCallConfig): ChunkStream {
    const call = this.prepare(input, config);
    return this.disableStreaming ? this.generateAsChunk(call) : this.run(call);
  }

  /** One non-streaming call; a `messages` reader gets the reply once, whole. */
  private async generate(call: PreparedCall): Promise<AIMessage> {
    call.request.signal?.throwIfAborted();
    const message = await this._generate(call.request);
    message.id ??= `run-${call.id}`;
    call.sink?.end(call.id, message, call.meta);
    return message;
  }

  private async *generateAsChunk(call: PreparedCall): ChunkStream {
    const message = await this.generate(call);
    yield new AIMessageChunk({
      content: message.content,
      id: message.id,
      tool_calls: message.tool_calls,
      usage_metadata: message.usage_metadata,
      response_metadata: message.response_metadata,
    });
  }

  /** A copy of this model that offers `tools` to the model on every call. */
  bindTools(tools: readonly BindableTool[], options: BindToolsOptions = {}): this {
    const definitions = tools.map((tool) => toToolDefinition(tool, options.strict));
    return this.withSettings({
      tools: definitions,
      boundTools: [...tools],
      toolChoice: options.toolChoice,
      parallelToolCalls: options.parallelToolCalls,
    });
  }

  /** A copy of this model whose calls use `config` (tags are added, metadata merged). */
  withConfig(config: ChatModelCallConfig): this {
    const current = this.settings.config;
    const merged: ChatModelCallConfig = { ...current, ...config };
    const tags = [...new Set([...(current.tags ?? []), ...(config.tags ?? [])])];
    if (tags.length > 0) merged.tags = tags;
    if (current.metadata || config.metadata) {
      merged.metadata = { ...current.metadata, ...config.metadata };
    }
    return this.withSettings({ config: merged });
  }

  /**
   * A runnable whose `invoke` returns the reply parsed as `schema` (a zod schema, validated,
   * or a JSON Schema), or `{ raw, parsed }` with `includeRaw`.
   *
   * @throws OutputParserError `OUTPUT_PARSING_FAILURE` when the reply does not match (without `includeRaw`).
   * @example
   * const movie = await model.withStructuredOutput(Movie).invoke("Details of Inception");
   */
  withStructuredOutput<Output = Record<string, any>>(
    schema: unknown,
    options: StructuredOutputOptions & { includeRaw: true },
  ): StructuredOutputRunnable<{ raw: AIMessage; parsed: Output | null }>;
  withStructuredOutput<Output = Record<string, any>>(
    schema: unknown,
    options?: StructuredOutputOptions,
  ): StructuredOutputRunnable<Output>;
  withStructuredOutput(
    schema: unknown,
    options: StructuredOutputOptions = {},
  ): StructuredOutputRunnable<unknown> {
    return structuredOutput(this, schema, {
      ...options,
      method: options.method ?? this.defaultStructuredOutputMethod,
    });
  }

  /** A copy of this model with some settings replaced (implementations' fields are shared). */
  withSettings(settings: Partial<ChatModelSettings>): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.settings = { ...this.settings, ...settings };
    return copy;
  }

  private prepare(input: ChatModelInput, config?: ChatModelCallConfig): PreparedCall {
    const merged = callConfig(config, this.settings.config) as ChatModelCallConfig;
    const tags = merged.tags ?? [];
    const streams = !tags.some((tag) => NO_STREAM_TAGS.includes(tag));
    const { settings } = this;
    return {
      id: crypto.randomUUID(),
      request: {
        messages: toMessageList(input),
        tools: settings.tools,
        toolChoice: settings.toolChoice,
        parallelToolCalls: settings.parallelToolCalls,
        responseFormat: settings.responseFormat,
        stop: merged.stop,
        signal: merged.signal,
        config: merged,
      },
      sink: streams ? messageSinkOf(merged as LangGraphRunnableConfig) : undefined,
      meta: {
        tags,
        ls_provider: this.provider,
        ls_model_name: this.model,
        ls_model_type: "chat",
      },
    };
  }

  /** Streams one call, reporting each chunk and the final message to the run's sink. */
  private async *run(call: PreparedCall): ChunkStream {
    const { request, sink, meta } = call;
    request.signal?.throwIfAborted();
    const fallbackId = `run-${call.id}`;
    let full: AIMessageChunk | undefined;
    for await (const chunk of this._stream(request)) {
      request.signal?.throwIfAborted();
      chunk.id ??= fallbackId;
      sink?.chunk(call.id, chunk, meta);
      full = full ? full.concat(chunk) : chunk;
      yield chunk;
    }
    request.signal?.throwIfAborted();
    sink?.end(
      call.id,
      toMessage(full ?? new AIMessageChunk({ content: "", id: fallbackId })),
      meta,
    );
  }
}

/** The finished message of a joined stream. */
export function toMessage(chunk: AIMessageChunk): AIMessage {
  return new AIMessage({
    content: chunk.content,
    id: chunk.id,
    name: chunk.name,
    tool_calls: chunk.tool_calls,
    invalid_tool_calls: chunk.invalid_tool_calls,
    usage_metadata: chunk.usage_metadata,
    additional_kwargs: chunk.additional_kwargs,
    response_metadata: chunk.response_metadata,
  });
}
