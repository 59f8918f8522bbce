import { WeftError } from "@weft/checkpoint";
import { type BaseMessage, interrupt, type ToolCall, ToolMessage } from "@weft/graph";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentBuiltInState, AgentMiddleware, Runtime, ToolCallRequest } from "../types.ts";
import { invalidOptions } from "./errors.ts";
import { lastAIMessage, pendingToolCalls, withToolCalls } from "./tool-call-state.ts";

/** What a reviewer may decide about one tool call. */
export type DecisionType = "approve" | "edit" | "reject";

const DECISION_TYPES: readonly DecisionType[] = ["approve", "edit", "reject"];

/** One tool call put up for review, as the interrupt shows it. */
export interface ActionRequest {
  /** The tool's name. */
  name: string;
  /** The arguments the model gave. */
  args: Record<string, unknown>;
  /** Text for the reviewer (the tool's `description`, or the prefix with name and args). */
  description?: string;
}

/** What the reviewer may do with the action at the same position. */
export interface ReviewConfig {
  /** The tool's name. */
  actionName: string;
  /** The decisions allowed for it. */
  allowedDecisions: DecisionType[];
  /** JSON schema of the arguments, for editing UIs. */
  argsSchema?: Record<string, unknown>;
}

/**
 * The value of the interrupt the middleware raises (`result.__interrupt__[0].value`): one
 * action request and one review config per tool call under review, in call order.
 */
export interface HITLRequest {
  actionRequests: ActionRequest[];
  reviewConfigs: ReviewConfig[];
}

/** Run the call as the model made it. */
export interface ApproveDecision {
  type: "approve";
}

/** Run the call with another name and/or arguments. */
export interface EditDecision {
  type: "edit";
  editedAction: { name: string; args: Record<string, unknown> };
}

/** Do not run the call; `message` goes back to the model as the tool's (error) result. */
export interface RejectDecision {
  type: "reject";
  message?: string;
}

/** A reviewer's decision about one action. */
export type Decision = ApproveDecision | EditDecision | RejectDecision;

/**
 * The resume value: `new Command({ resume: { decisions } })`, one decision per action
 * request, in the same order.
 */
export interface HITLResponse {
  decisions: Decision[];
}

/** Builds the reviewer's text for one call from the call, the state and the runtime. */
export type DescriptionFactory = (
  toolCall: ToolCall,
  state: AgentBuiltInState,
  runtime: Runtime,
) => string | Promise<string>;

/** How one tool is reviewed. */
export interface InterruptOnConfig {
  /** The decisions the reviewer may make. */
  allowedDecisions: DecisionType[];
  /** Text for the reviewer, or a function building it. @default descriptionPrefix + tool name and args */
  description?: string | DescriptionFactory;
  /** JSON schema of the arguments, passed to the reviewer when edits are allowed. */
  argsSchema?: Record<string, unknown>;
  /**
   * Reviews only the calls for which this returns true (the others run unreviewed).
   * `request.tool` is undefined here.
   */
  when?: (request: ToolCallRequest) => boolean | Promise<boolean>;
}

/** The older spelling of {@link InterruptOnConfig} some pages use (`allowRespond` is `reject`). */
export interface LegacyInterruptOnConfig {
  allowAccept?: boolean;
  allowEdit?: boolean;
  allowRespond?: boolean;
  description?: string | DescriptionFactory;
}

/** Options of {@link humanInTheLoopMiddleware}. */
export interface HumanInTheLoopMiddlewareConfig {
  /**
   * Per tool name: `true` (review, every decision allowed), `false` (never review), or a
   * config. Tools not listed run without review.
   */
  interruptOn: Record<string, boolean | InterruptOnConfig | LegacyInterruptOnConfig>;
  /** Starts the default description of a call under review. @default "Tool execution requires approval" */
  descriptionPrefix?: string;
}

const NAME = "HumanInTheLoopMiddleware";

function resolveConfig(tool: string, value: unknown): InterruptOnConfig | undefined {
  if (value === false) return undefined;
  if (value === true) return { allowedDecisions: [...DECISION_TYPES] };
  if (typeof value !== "object" || value === null) {
    throw invalidOptions(NAME, `interruptOn.${tool} must be true, false or a config object`);
  }
  const config = value as InterruptOnConfig & LegacyInterruptOnConfig;
  let allowed = config.allowedDecisions;
  if (allowed === undefined) {
    allowed = [];
    if (config.allowAccept) allowed.push("approve");
    if (config.allowEdit) allowed.push("edit");
    if (config.allowRespond) allowed.push("reject");
  }
  if (!Array.isArray(allowed) || allowed.some((d) => !DECISION_TYPES.includes(d))) {
    throw invalidOptions(
      NAME,
      `interruptOn.${tool}.allowedDecisions must list only ${DECISION_TYPES.join(", ")}`,
    );
  }
  return { ...config, allowedDecisions: [...allowed] };
}

function badResume(message: string, details: Record<string, unknown> = {}): WeftError {
  return new WeftError("INVALID_INPUT", `${NAME}: ${message}`, { details });
}

/** The call to run for one decision, or the tool message that answers it instead. */
function applyDecision(
  decision: Decision,
  call: ToolCall,
  config: InterruptOnConfig,
): { call: ToolCall; answer?: ToolMessage } {
  const type = (decision as { type?: unknown } | undefined)?.type;
  if (typeof type !== "string" || !config.allowedDecisions.includes(type as DecisionType)) {
    throw badResume(
      `decision ${JSON.stringify(type)} is not allowed for tool '${call.name}' (allowed: ${config.allowedDecisions.join(", ")})`,
      { tool: call.name, decision },
    );
  }
  if (decision.type === "approve") return { call };
  if (decision.type === "edit") {
    const edited = decision.editedAction;
    if (typeof edited?.name !== "string" || typeof edited.args !== "object" || !edited.args) {
      throw badResume(`an edit of tool '${call.name}' needs editedAction { name, args }`, {
        tool: call.name,
      });
    }
    return { call: { ...call, name: edited.name, args: edited.args } };
  }
  if (decision.message !== undefined && typeof decision.message !== "string") {
    throw badResume(`the reject message for tool '${call.name}' must be a string`);
  }
  const answer = new ToolMessage({
    content:
      decision.message ?? `User rejected the tool call for \`${call.name}\` with id ${call.id}`,
    tool_call_id: call.id ?? "",
    name: call.name,
    status: "error",
  });
  return { call, answer };
}

/**
 * Pauses the agent for a human before chosen tools run. After each model reply that calls
 * a tool listed in `interruptOn`, the run stops with one interrupt whose value is a
 * {@link HITLRequest} covering every such call; resume it with
 * `new Command({ resume: { decisions } })` ({@link HITLResponse}), one decision per action,
 * in order:
 * - `approve` runs the call as it is;
 * - `edit` runs it with `editedAction`'s name and args (same call id);
 * - `reject` answers it with an error `ToolMessage` carrying `message`, and the model is
 *   called again (after any approved calls have run).
 *
 * The agent needs a checkpointer (the interrupt fails with code `MISSING_CHECKPOINTER`
 * otherwise) and a `thread_id`. A resume value that is not a valid response (wrong number
 * of decisions, a decision the tool does not allow) fails with code `INVALID_INPUT`.
 *
 * @throws WeftError `INVALID_CONFIG` for an `interruptOn` entry that is not a valid config.
 * @example
 * const agent = createAgent({
 *   model,
 *   tools: [writeFile, readFile],
 *   middleware: [humanInTheLoopMiddleware({ interruptOn: { write_file: true, read_file: false } })],
 *   checkpointer: new MemorySaver(),
 * });
 * const config = { configurable: { thread_id: "1" } };
 * const paused = await agent.invoke({ messages: "Save the report" }, config);
 * const { actionRequests } = paused.__interrupt__[0].value;
 * await agent.invoke(new Command({ resume: { decisions: [{ type: "approve" }] } }), config);
 */
export function humanInTheLoopMiddleware(
  options: HumanInTheLoopMiddlewareConfig,
): AgentMiddleware<undefined, undefined> {
  if (typeof options?.interruptOn !== "object" || options.interruptOn === null) {
    throw invalidOptions(NAME, "interruptOn must map tool names to true, false or a config");
  }
  const configs = new Map<string, InterruptOnConfig>();
  for (const [tool, value] of Object.entries(options.interruptOn)) {
    const config = resolveConfig(tool, value);
    if (config) configs.set(tool, config);
  }
  const prefix = options.descriptionPrefix ?? "Tool execution requires approval";

  return createMiddleware({
    name: NAME,
    afterModel: async (state, runtime) => {
      const last = lastAIMessage(state.messages);
      if (!last) return undefined;
      const pending = pendingToolCalls(state.messages, last.message, last.index);
      const reviewed: { call: ToolCall; config: InterruptOnConfig }[] = [];
      for (const call of pending) {
        const config = configs.get(call.name);
        if (!config) continue;
        if (
          config.when &&
          !(await config.when({ toolCall: call, tool: undefined, state, runtime }))
        ) {
          continue;
        }
        reviewed.push({ call, config });
      }
      if (reviewed.length === 0) return undefined;

      const request: HITLRequest = { actionRequests: [], reviewConfigs: [] };
      for (const { call, config } of reviewed) {
        const description =
          typeof config.description === "function"
            ? await config.description(call, state, runtime)
            : (config.description ??
              `${prefix}\n\nTool: ${call.name}\nArgs: ${JSON.stringify(call.args, null, 2)}`);
        request.actionRequests.push({ name: call.name, args: call.args, description });
        const review: ReviewConfig = {
          actionName: call.name,
          allowedDecisions: config.allowedDecisions,
        };
        if (config.argsSchema) review.argsSchema = config.argsSchema;
        request.reviewConfigs.push(review);
      }

      const response = interrupt<HITLRequest, HITLResponse>(request);
      const decisions = (response as Partial<HITLResponse> | undefined)?.decisions;
      if (!Array.isArray(decisions)) {
        throw badResume("resume with { decisions: [...] }, one decision per action request");
      }
      if (decisions.length !== reviewed.length) {
        throw badResume(
          `got ${decisions.length} decision(s) for ${reviewed.length} action request(s)`,
          { expected: reviewed.length, received: decisions.length },
        );
      }

      const revised = new Map<ToolCall, ToolCall>();
      const answers: BaseMessage[] = [];
      reviewed.forEach(({ call, config }, i) => {
        const outcome = applyDecision(decisions[i]!, call, config);
        revised.set(call, outcome.call);
        if (outcome.answer) answers.push(outcome.answer);
      });
      const toolCalls = (last.message.tool_calls ?? []).map((call) => revised.get(call) ?? call);
      // No jump: the agent runs the calls still unanswered, then asks the model again,
      // which reads the rejections (straight away when every call was rejected).
      return { messages: [withToolCalls(last.message, toolCalls), ...answers] };
    },
  });
}
