import type { AIMessageChunk, BaseMessage } from "../messages/index.ts";
import type { ToolDefinition } from "../tools/tool-types.ts";
import type { LangGraphRunnableConfig } from "../types.ts";

/**
 * Which tool the model must call: `"auto"` (it decides), `"none"`, `"any"` /
 * `"required"` (some tool), or a tool name.
 */
export type ToolChoice =
  | "auto"
  | "none"
  | "any"
  | "required"
  | (string & {})
  | { type: "function"; function: { name: string } };

/** Options of `bindTools`. */
export interface BindToolsOptions {
  /** @default "auto" (provider default) */
  toolChoice?: ToolChoice;
  /** Let the model request several tool calls in one reply. @default provider default (true for OpenAI) */
  parallelToolCalls?: boolean;
  /** OpenAI strict mode: arguments always match the schema. @default undefined */
  strict?: boolean;
}

/** How the reply must be formatted (OpenAI `response_format`). */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      json_schema: {
        name: string;
        description?: string;
        schema: Record<string, unknown>;
        strict?: boolean;
      };
    };

/** Config of one model call: the run config plus model-call options. */
export type ChatModelCallConfig = LangGraphRunnableConfig & {
  /** Stop sequences. */
  stop?: string[];
};

/** Everything a model implementation needs for one call. */
export interface ChatModelRequest {
  messages: BaseMessage[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  stop?: string[];
  /** Aborts the call; implementations stop at once (HTTP request) or between tokens. */
  signal?: AbortSignal;
  config: ChatModelCallConfig;
}

/** What `bindTools` / `withConfig` fix on a model copy. */
export interface ChatModelSettings {
  tools: ToolDefinition[];
  /** The tool objects given to `bindTools` (for inspection and fakes). */
  boundTools: readonly unknown[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  config: ChatModelCallConfig;
}

/** Options every chat model constructor accepts. */
export interface ChatModelFields {
  /** Tags of every call, shown in `messages` stream metadata (filter on them). */
  tags?: string[];
  /** Metadata of every call. */
  metadata?: Record<string, unknown>;
  /**
   * Never stream: `invoke` makes one non-streaming request even when the run streams
   * `messages` (the reply arrives there as one message), and `stream` yields the whole
   * reply as a single chunk. For models or deployments that cannot stream. @default false
   */
  disableStreaming?: boolean;
}

/** A stream of reply chunks. */
export type ChunkStream = AsyncGenerator<AIMessageChunk, void, undefined>;
