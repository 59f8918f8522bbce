import { type BaseChatModel, ChatOpenAI, type ChatOpenAIFields } from "@weft/graph";
import { UnknownModelProviderError } from "../errors.ts";

/** Options of {@link initChatModel}: the provider, connection and sampling parameters. */
export interface InitChatModelFields {
  /** The provider when the model string has no `provider:` prefix. */
  modelProvider?: string;
  /** Base URL of an OpenAI-compatible API (vLLM, Ollama, Together, a proxy). */
  baseUrl?: string;
  /** Same as `baseUrl`. */
  baseURL?: string;
  apiKey?: string;
  temperature?: number;
  maxTokens?: number;
  /** Same as `maxTokens` (the snake_case spelling of the docs). */
  max_tokens?: number;
  topP?: number;
  /** Request timeout in seconds, as the docs give it. */
  timeout?: number;
  maxRetries?: number;
  stop?: string[];
  /** Any other option of the provider's model class, passed through. */
  [option: string]: unknown;
}

/** The provider inferred from well-known model name prefixes (as the docs' examples assume). */
const PREFIX_PROVIDERS: readonly [RegExp, string][] = [
  [/^(gpt-|o1|o3|o4|chatgpt|text-davinci|davinci|gpt4)/, "openai"],
  [/^claude/, "anthropic"],
  [/^gemini/, "google-genai"],
  [/^(command|c4ai)/, "cohere"],
  [/^(mistral|mixtral|codestral)/, "mistralai"],
  [/^amazon\./, "bedrock"],
  [/^deepseek/, "deepseek"],
  [/^grok/, "xai"],
];

/** Providers served by Weft's own OpenAI-compatible client. */
const OPENAI_COMPATIBLE = new Set(["openai"]);

/**
 * Splits `"provider:model"` and infers the provider of a bare model name.
 *
 * @throws UnknownModelProviderError `INVALID_CONFIG` when the provider cannot be told.
 */
export function parseModelString(
  model: string,
  modelProvider?: string,
): { provider: string; model: string } {
  const colon = model.indexOf(":");
  if (colon > 0 && modelProvider === undefined) {
    return { provider: model.slice(0, colon).toLowerCase(), model: model.slice(colon + 1) };
  }
  if (modelProvider !== undefined) return { provider: modelProvider.toLowerCase(), model };
  const inferred = PREFIX_PROVIDERS.find(([pattern]) => pattern.test(model))?.[1];
  if (inferred === undefined) {
    throw new UnknownModelProviderError(
      `Unable to infer the model provider of "${model}". Write it as "provider:model" (e.g. "openai:${model}") or pass { modelProvider }.`,
      { model },
    );
  }
  return { provider: inferred, model };
}

/**
 * Creates a chat model from a `"provider:model"` string (or a bare model name whose
 * provider is inferred, like `"gpt-4.1"`). OpenAI and any OpenAI-compatible API (give
 * `baseUrl`) are built in; for other providers pass a model instance (a `@langchain/core`
 * chat model works as it is) to `createAgent` instead.
 *
 * @throws UnknownModelProviderError `INVALID_CONFIG` for a provider Weft has no client for.
 * @example
 * const model = await initChatModel("openai:gpt-4.1-mini", { temperature: 0 });
 * const local = await initChatModel("llama3", { modelProvider: "openai", baseUrl: "http://localhost:11434/v1" });
 */
export async function initChatModel(
  model: string,
  fields: InitChatModelFields = {},
): Promise<BaseChatModel> {
  return createChatModel(model, fields);
}

/** The synchronous core of {@link initChatModel}, used when the agent resolves a model string. */
export function createChatModel(model: string, fields: InitChatModelFields = {}): BaseChatModel {
  if (typeof model !== "string" || model.trim() === "") {
    throw new UnknownModelProviderError(
      'initChatModel needs a model name such as "openai:gpt-4.1".',
    );
  }
  const { modelProvider, baseUrl, baseURL, max_tokens, maxTokens, timeout, ...rest } = fields;
  const parsed = parseModelString(model, modelProvider);
  const base = baseURL ?? baseUrl;
  // Any provider reached through an explicit base URL speaks the OpenAI protocol.
  if (!OPENAI_COMPATIBLE.has(parsed.provider) && base === undefined) {
    throw new UnknownModelProviderError(
      `Model provider "${parsed.provider}" is not built into @weft/agent (built in: ${[...OPENAI_COMPATIBLE].join(", ")}, or any OpenAI-compatible API given { baseUrl }). Pass a model instance instead, e.g. a @langchain/core chat model.`,
      { provider: parsed.provider, model: parsed.model },
    );
  }
  const options: ChatOpenAIFields = {
    ...(rest as ChatOpenAIFields),
    model: parsed.model,
    ...(base !== undefined ? { baseURL: base } : {}),
    ...((maxTokens ?? max_tokens) !== undefined ? { maxTokens: maxTokens ?? max_tokens } : {}),
    // The docs give the timeout in seconds; the client counts milliseconds.
    ...(timeout !== undefined ? { timeout: timeout * 1000 } : {}),
  };
  return new ChatOpenAI(options);
}
