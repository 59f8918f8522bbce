import {
  AIMessage,
  AIMessageChunk,
  parseToolCalls,
  type ToolCallChunk,
  type UsageMetadata,
} from "../../messages/index.ts";
import { ChatModelError } from "../chat-model-error.ts";

type Dict = Record<string, any>;

/** Chat Completions `usage` as `usage_metadata` (cached and reasoning tokens in the details). */
export function toUsageMetadata(usage: Dict | undefined | null): UsageMetadata | undefined {
  if (!usage) return undefined;
  const metadata: UsageMetadata = {
    input_tokens: usage.prompt_tokens ?? 0,
    output_tokens: usage.completion_tokens ?? 0,
    total_tokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
  };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === "number") metadata.input_token_details = { cache_read: cached };
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === "number") metadata.output_token_details = { reasoning };
  return metadata;
}

function responseMetadata(body: Dict, finishReason: unknown): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (body.model !== undefined) metadata.model_name = body.model;
  if (finishReason !== undefined && finishReason !== null) metadata.finish_reason = finishReason;
  if (body.system_fingerprint !== undefined) metadata.system_fingerprint = body.system_fingerprint;
  if (body.service_tier !== undefined) metadata.service_tier = body.service_tier;
  metadata.model_provider = "openai";
  return metadata;
}

/** A non-streamed completion as an `AIMessage`. @throws ChatModelError when it has no choice. */
export function completionToMessage(body: Dict): AIMessage {
  const choice = body.choices?.[0];
  if (!choice?.message) {
    throw new ChatModelError("The completion has no choices.", { body, provider: "openai" });
  }
  const wire = choice.message as Dict;
  const parsed = parseToolCalls(Array.isArray(wire.tool_calls) ? wire.tool_calls : []);
  const additional: Record<string, unknown> = {};
  if (typeof wire.refusal === "string") additional.refusal = wire.refusal;
  return new AIMessage({
    content: typeof wire.content === "string" ? wire.content : "",
    id: body.id,
    tool_calls: parsed.tool_calls,
    invalid_tool_calls: parsed.invalid_tool_calls,
    usage_metadata: toUsageMetadata(body.usage),
    additional_kwargs: additional,
    response_metadata: responseMetadata(body, choice.finish_reason),
  });
}

/**
 * One streamed `chat.completion.chunk` as an `AIMessageChunk`, or `undefined` when it
 * carries nothing (an empty keep-alive). The last chunk (`choices: []`) has the usage.
 */
export function streamChunkToMessage(body: Dict): AIMessageChunk | undefined {
  const choice = body.choices?.[0] as Dict | undefined;
  const delta = (choice?.delta ?? {}) as Dict;
  const usage = toUsageMetadata(body.usage);
  const toolCallChunks: ToolCallChunk[] = Array.isArray(delta.tool_calls)
    ? delta.tool_calls.map((call: Dict) => ({
        index: call.index,
        id: call.id ?? undefined,
        name: call.function?.name ?? undefined,
        args: call.function?.arguments ?? "",
        type: "tool_call_chunk" as const,
      }))
    : [];
  const finish = choice?.finish_reason;
  const content = typeof delta.content === "string" ? delta.content : "";
  if (!choice && !usage) return undefined;
  const additional: Record<string, unknown> = {};
  if (typeof delta.refusal === "string") additional.refusal = delta.refusal;
  return new AIMessageChunk({
    content,
    id: body.id,
    tool_call_chunks: toolCallChunks,
    usage_metadata: usage,
    additional_kwargs: additional,
    response_metadata:
      finish !== undefined && finish !== null ? responseMetadata(body, finish) : {},
  });
}
