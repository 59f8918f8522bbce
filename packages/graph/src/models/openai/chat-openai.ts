import type { AIMessage, AIMessageChunk } from "../../messages/index.ts";
import type { ToolDefinition } from "../../tools/tool-types.ts";
import { BaseChatModel } from "../chat-model.ts";
import { ChatModelError } from "../chat-model-error.ts";
import type { ChatModelFields, ChatModelRequest, ToolChoice } from "../chat-model-types.ts";
import type { StructuredOutputMethod } from "../structured-output.ts";
import { errorMessage, type HttpOptions, postJson } from "./openai-http.ts";
import { toOpenAIMessages } from "./openai-messages.ts";
import { completionToMessage, streamChunkToMessage } from "./openai-response.ts";
import { readSseData } from "./sse.ts";

/** Options of {@link ChatOpenAI}. */
export interface ChatOpenAIFields extends ChatModelFields {
  /** Model name. @default env `OPENAI_MODEL`, else "gpt-4o-mini" */
  model?: string;
  /** Same as `model` (older spelling). */
  modelName?: string;
  /** API key, sent as a bearer token. @default env `OPENAI_API_KEY` */
  apiKey?: string;
  /** Base URL of any OpenAI-compatible API (vLLM, Ollama, a proxy). @default env `OPENAI_BASE_URL`, else "https://api.openai.com/v1" */
  baseURL?: string;
  /** The `@langchain/openai` spelling of client options; fields given directly win. */
  configuration?: {
    baseURL?: string;
    apiKey?: string;
    organization?: string;
    defaultHeaders?: Record<string, string>;
    fetch?: typeof fetch;
  };
  organization?: string;
  temperature?: number;
  /** Reply length limit (`max_tokens`; `max_completion_tokens` for o-series and gpt-5 models). */
  maxTokens?: number;
  topP?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stop?: string[];
  seed?: number;
  user?: string;
  /** Reasoning effort of reasoning models. */
  reasoningEffort?: "minimal" | "low" | "medium" | "high";
  logprobs?: boolean;
  topLogprobs?: number;
  /** Per-request timeout in milliseconds. @default no timeout */
  timeout?: number;
  /** Retries of a failed request (429, 5xx, network errors). @default 2 */
  maxRetries?: number;
  /**
   * `true`: always stream from the API, also for `invoke`. `false`: never stream (same as
   * `disableStreaming`). Unset: stream only when the run streams `messages` or you call `stream`.
   */
  streaming?: boolean;
  /** Ask for token usage at the end of streams (`stream_options.include_usage`). @default true */
  streamUsage?: boolean;
  /** Extra headers of every request. */
  defaultHeaders?: Record<string, string>;
  /** Extra request body fields, sent as they are. */
  modelKwargs?: Record<string, unknown>;
  /** The `fetch` to use (tests, proxies, edge runtimes). @default globalThis.fetch */
  fetch?: typeof fetch;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";

/**
 * A chat model for the OpenAI Chat Completions API and any API compatible with it. Uses
 * `fetch` only, so it runs in Node, browsers, Deno, Bun and edge runtimes.
 *
 * @throws ChatModelError `MODEL_AUTHENTICATION` / `MODEL_NOT_FOUND` / `MODEL_RATE_LIMIT` / `MODEL_ERROR` (with `status` and `body`) when the API answers
 *   with an error; the abort reason when the call's signal aborts.
 * @example
 * const model = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0 });
 * const reply = await model.bindTools([getWeather]).invoke("Weather in Paris?");
 */
export class ChatOpenAI extends BaseChatModel {
  readonly provider = "openai";
  readonly model: string;
  protected override readonly defaultStructuredOutputMethod: StructuredOutputMethod = "jsonSchema";
  protected readonly fields: ChatOpenAIFields;

  constructor(fields: ChatOpenAIFields = {}) {
    super({ ...fields, disableStreaming: fields.disableStreaming ?? fields.streaming === false });
    this.fields = fields;
    this.model = fields.model ?? fields.modelName ?? env("OPENAI_MODEL") ?? "gpt-4o-mini";
  }

  /** Same as `model`. */
  get modelName(): string {
    return this.model;
  }

  /** The Chat Completions request body of `request` (exposed for inspection and tests). */
  requestBody(request: ChatModelRequest, stream: boolean): Record<string, unknown> {
    const f = this.fields;
    const body: Record<string, unknown> = {
      model: this.model,
      messages: toOpenAIMessages(request.messages),
    };
    const params: [string, unknown][] = [
      ["temperature", f.temperature],
      [usesCompletionTokens(this.model) ? "max_completion_tokens" : "max_tokens", f.maxTokens],
      ["top_p", f.topP],
      ["frequency_penalty", f.frequencyPenalty],
      ["presence_penalty", f.presencePenalty],
      ["seed", f.seed],
      ["user", f.user],
      ["reasoning_effort", f.reasoningEffort],
      ["logprobs", f.logprobs],
      ["top_logprobs", f.topLogprobs],
      ["stop", request.stop ?? f.stop],
    ];
    for (const [key, value] of params) if (value !== undefined) body[key] = value;
    if (request.tools.length > 0) {
      body.tools = request.tools.map(toOpenAITool);
      const choice = toOpenAIToolChoice(request.toolChoice);
      if (choice !== undefined) body.tool_choice = choice;
      if (request.parallelToolCalls !== undefined) {
        body.parallel_tool_calls = request.parallelToolCalls;
      }
    }
    if (request.responseFormat) body.response_format = request.responseFormat;
    if (stream) {
      body.stream = true;
      if (f.streamUsage ?? true) body.stream_options = { include_usage: true };
    }
    return { ...body, ...f.modelKwargs };
  }

  protected override async _generate(request: ChatModelRequest): Promise<AIMessage> {
    if (this.fields.streaming) return super._generate(request);
    const response = await postJson(this.http(), this.requestBody(request, false), request.signal);
    const body = await response.json().catch((error: unknown) => {
      throw new ChatModelError("The API answered with invalid JSON.", {
        cause: error,
        status: response.status,
        provider: "openai",
      });
    });
    return completionToMessage(body);
  }

  protected async *_stream(request: ChatModelRequest): AsyncGenerator<AIMessageChunk> {
    const response = await postJson(this.http(), this.requestBody(request, true), request.signal);
    if (!response.body) {
      throw new ChatModelError("The streamed response has no body.", { provider: "openai" });
    }
    for await (const data of readSseData(response.body)) {
      if (data.trim() === "[DONE]") break;
      let event: Record<string, any>;
      try {
        event = JSON.parse(data);
      } catch (error) {
        throw new ChatModelError(`Unreadable stream event: ${data.slice(0, 200)}`, {
          cause: error,
          provider: "openai",
        });
      }
      if (event.error) {
        throw new ChatModelError(`The API sent an error: ${errorMessage(event, "stream error")}`, {
          body: event,
          provider: "openai",
        });
      }
      const chunk = streamChunkToMessage(event);
      if (chunk) yield chunk;
    }
  }

  private http(): HttpOptions {
    const f = this.fields;
    const c = f.configuration ?? {};
    const apiKey = f.apiKey ?? c.apiKey ?? env("OPENAI_API_KEY");
    const baseURL = (f.baseURL ?? c.baseURL ?? env("OPENAI_BASE_URL") ?? DEFAULT_BASE_URL).replace(
      /\/+$/,
      "",
    );
    const headers: Record<string, string> = { ...c.defaultHeaders, ...f.defaultHeaders };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    const organization = f.organization ?? c.organization;
    if (organization) headers["openai-organization"] = organization;
    const fetchFn = f.fetch ?? c.fetch ?? globalThis.fetch.bind(globalThis);
    return {
      url: `${baseURL}/chat/completions`,
      headers,
      timeout: f.timeout,
      maxRetries: f.maxRetries ?? 2,
      fetch: fetchFn,
    };
  }
}

// Reasoning models take `max_completion_tokens`; they reject `max_tokens`.
function usesCompletionTokens(model: string): boolean {
  return /^(o\d|gpt-5)/.test(model);
}

function toOpenAITool(tool: ToolDefinition): Record<string, unknown> {
  return {
    type: "function",
    function: {
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      ...(tool.strict === undefined ? {} : { strict: tool.strict }),
    },
  };
}

/** `"any"` is OpenAI's `"required"`; a tool name forces that function. */
function toOpenAIToolChoice(choice: ToolChoice | undefined): unknown {
  if (choice === undefined) return undefined;
  if (typeof choice !== "string") return choice;
  if (choice === "any") return "required";
  if (choice === "auto" || choice === "none" || choice === "required") return choice;
  return { type: "function", function: { name: choice } };
}

// Read without naming Node's `process` global, so browser bundles stay clean.
function env(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value === "" ? undefined : value;
}
