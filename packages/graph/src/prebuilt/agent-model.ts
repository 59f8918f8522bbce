import { InvalidGraphError } from "../errors.ts";
import { BaseChatModel } from "../models/chat-model.ts";
import { hasMessagesHandler, langchainCallbacksFor } from "../models/langchain-callbacks.ts";
import { messageSinkOf } from "../runtime/message-stream.ts";
import type { ToolLike } from "../tools/tool-types.ts";
import type { LangGraphRunnableConfig } from "../types.ts";

/**
 * What the agent needs from a chat model: Weft's `BaseChatModel` and `@langchain/core`
 * chat models both fit.
 */
export interface ChatModelLike {
  invoke(input: any, config?: any): Promise<unknown>;
  bindTools?(tools: any[], options?: any): ChatModelLike;
  withStructuredOutput?(
    schema: any,
    options?: any,
  ): { invoke(input: any, config?: any): Promise<unknown> };
}

/** A model, or a function choosing the model for each call from the state and config. */
export type AgentModel =
  | ChatModelLike
  | ((state: any, config: LangGraphRunnableConfig) => ChatModelLike | Promise<ChatModelLike>);

/**
 * Returns a function giving the model for one call: `llm` itself (or the one a dynamic
 * `llm` picks), with `tools` bound unless it already has tools bound (then the bound tools
 * must be the same set).
 */
export function modelResolver(
  llm: AgentModel,
  tools: readonly ToolLike[],
): (state: unknown, config: LangGraphRunnableConfig) => Promise<ChatModelLike> {
  if (typeof llm === "function") {
    return async (state, config) => withTools(await llm(state, config), tools);
  }
  let bound: ChatModelLike | undefined;
  return async () => {
    bound ??= withTools(llm, tools);
    return bound;
  };
}

function withTools(model: ChatModelLike, tools: readonly ToolLike[]): ChatModelLike {
  if (tools.length === 0) return model;
  const already = boundToolNames(model);
  if (already !== undefined) {
    const missing = tools.map((t) => t.name).filter((name) => !already.includes(name));
    if (already.length !== tools.length || missing.length > 0) {
      throw new InvalidGraphError(
        `createReactAgent: the model already has tools bound (${already.join(", ")}) that differ from the agent's tools (${tools.map((t) => t.name).join(", ")}). Bind the same tools or pass the unbound model.`,
      );
    }
    return model;
  }
  if (typeof model.bindTools !== "function") {
    throw new InvalidGraphError(
      "createReactAgent: the model has no bindTools() to offer it the tools.",
    );
  }
  return model.bindTools([...tools]);
}

/** Names of tools already bound to `model` (Weft, or a core binding), or undefined. */
function boundToolNames(model: ChatModelLike): string[] | undefined {
  if (model instanceof BaseChatModel) {
    const tools = model.boundTools;
    return tools.length > 0 ? tools.map((t) => nameOf(t)) : undefined;
  }
  const binding = model as { kwargs?: { tools?: unknown }; config?: { tools?: unknown } };
  const tools = binding.kwargs?.tools ?? binding.config?.tools;
  return Array.isArray(tools) && tools.length > 0 ? tools.map((t) => nameOf(t)) : undefined;
}

function nameOf(tool: unknown): string {
  const t = tool as { name?: string; function?: { name?: string } };
  return t.function?.name ?? t.name ?? "";
}

/**
 * The config a model call runs with. A `@langchain/core` model reports tokens through
 * callbacks, so when the run streams `messages` a handler feeding the run's sink is added
 * (once); Weft models find the sink themselves.
 */
export function modelCallConfig(
  model: ChatModelLike,
  config: LangGraphRunnableConfig,
): LangGraphRunnableConfig {
  if (model instanceof BaseChatModel) return config;
  const sink = messageSinkOf(config);
  const callbacks = (config as { callbacks?: unknown }).callbacks;
  if (!sink || hasMessagesHandler(callbacks)) return config;
  if (callbacks !== undefined && !Array.isArray(callbacks)) return config;
  return {
    ...config,
    callbacks: [...((callbacks as unknown[]) ?? []), langchainCallbacksFor(sink)],
  } as LangGraphRunnableConfig;
}
