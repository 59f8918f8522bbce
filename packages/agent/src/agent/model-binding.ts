import { BaseChatModel, type ToolChoice } from "@weft/graph";
import type { ChatModelLike } from "@weft/graph/prebuilt";
import { MultipleToolsBoundError } from "../errors.ts";
import type { AgentTool, ModelToolChoice } from "../middleware/types.ts";
import { createChatModel } from "../models/init-chat-model.ts";
import type { ResolvedResponseFormat } from "../structured/response-format.ts";

/** The agent's model: an instance, or a `"provider:model"` string resolved once, on first use. */
export class AgentModelSource {
  readonly #given: string | ChatModelLike;
  #resolved: ChatModelLike | undefined;

  constructor(model: string | ChatModelLike) {
    if (typeof model !== "string") assertNoBoundTools(model);
    this.#given = model;
  }

  /** The model instance (created from the string on the first call). */
  async resolve(): Promise<ChatModelLike> {
    if (this.#resolved === undefined) {
      this.#resolved = typeof this.#given === "string" ? createChatModel(this.#given) : this.#given;
    }
    return this.#resolved;
  }
}

/** What one model call binds: the request's tools, tool choice and structured-output format. */
export interface CallBinding {
  tools: readonly AgentTool[];
  toolChoice?: ModelToolChoice;
  format: ResolvedResponseFormat | undefined;
  modelSettings?: Record<string, unknown>;
}

/**
 * The model as it is called for one request: the request's tools plus the
 * structured-output tools bound (tool choice forced to some tool when the tool strategy
 * is on, as the answer must come through a tool call), or the provider's JSON-Schema
 * response format set.
 *
 * @throws TypeError when tools must be bound and the model has no `bindTools`.
 */
export function bindForCall(model: ChatModelLike, binding: CallBinding): ChatModelLike {
  // Binding converts every tool schema to JSON Schema: reuse the last binding of this
  // model while the request asks for the same thing (the usual case, turn after turn).
  const last = lastBinding.get(model);
  if (last !== undefined && sameBinding(last.binding, binding)) return last.bound;
  const bound = bind(model, binding);
  lastBinding.set(model, { binding: { ...binding, tools: [...binding.tools] }, bound });
  return bound;
}

const lastBinding = new WeakMap<ChatModelLike, { binding: CallBinding; bound: ChatModelLike }>();

function sameBinding(a: CallBinding, b: CallBinding): boolean {
  return (
    a.format === b.format &&
    a.toolChoice === b.toolChoice &&
    a.modelSettings === undefined &&
    b.modelSettings === undefined &&
    a.tools.length === b.tools.length &&
    a.tools.every((tool, i) => tool === b.tools[i])
  );
}

function bind(model: ChatModelLike, binding: CallBinding): ChatModelLike {
  const structuredTools =
    binding.format?.kind === "tool" ? [...binding.format.tools.values()].map((s) => s.tool) : [];
  const tools = [...binding.tools, ...structuredTools];
  const toolChoice = binding.toolChoice ?? (structuredTools.length > 0 ? "any" : undefined);
  const responseFormat =
    binding.format?.kind === "provider" ? binding.format.strategy.responseFormat : undefined;
  if (model instanceof BaseChatModel) {
    // Weft models take the settings they know (the rest are provider options of other clients).
    const settings = binding.modelSettings ?? {};
    let bound: BaseChatModel = model;
    if (tools.length > 0) {
      bound = bound.bindTools(tools as never[], {
        toolChoice: toolChoice as ToolChoice,
        parallelToolCalls: (settings.parallelToolCalls ?? settings.parallel_tool_calls) as
          | boolean
          | undefined,
        strict: settings.strict as boolean | undefined,
      });
    }
    if (responseFormat !== undefined) bound = bound.withSettings({ responseFormat });
    return bound;
  }
  // A @langchain/core model: options go through bindTools / withConfig call options.
  const options = {
    ...(binding.modelSettings ?? {}),
    ...(toolChoice !== undefined ? { tool_choice: toolChoice } : {}),
    ...(responseFormat !== undefined ? { response_format: responseFormat } : {}),
  };
  if (tools.length > 0) {
    if (typeof model.bindTools !== "function") {
      throw new TypeError("createAgent: the model has no bindTools() to offer it the tools.");
    }
    return model.bindTools(tools, options);
  }
  const withConfig = (model as { withConfig?: (o: object) => ChatModelLike }).withConfig;
  return Object.keys(options).length > 0 && typeof withConfig === "function"
    ? withConfig.call(model, options)
    : model;
}

/**
 * The agent binds its own tools, so a model that already has tools bound is refused
 * (its tools would silently be replaced).
 *
 * @throws MultipleToolsBoundError `INVALID_GRAPH`
 */
export function assertNoBoundTools(model: ChatModelLike): void {
  if (model instanceof BaseChatModel) {
    if (model.boundTools.length > 0) throw new MultipleToolsBoundError();
    return;
  }
  const binding = model as { kwargs?: { tools?: unknown }; config?: { tools?: unknown } };
  const tools = binding.kwargs?.tools ?? binding.config?.tools;
  if (Array.isArray(tools) && tools.length > 0) throw new MultipleToolsBoundError();
}
