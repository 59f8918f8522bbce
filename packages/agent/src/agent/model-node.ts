import {
  type AIMessage,
  type BaseMessage,
  Command,
  isCommand,
  isToolLike,
  type LangGraphRunnableConfig,
  ToolMessage,
} from "@weft/graph";
import { modelCallConfig } from "@weft/graph/prebuilt";
import {
  MiddlewareError,
  MultipleStructuredOutputsError,
  StructuredOutputParsingError,
} from "../errors.ts";
import type {
  AgentTool,
  AnyAgentMiddleware,
  ModelRequest,
  WrapModelCallHandler,
} from "../middleware/types.ts";
import {
  type ResolvedResponseFormat,
  resolveResponseFormat,
  type ToolStrategy,
} from "../structured/response-format.ts";
import { messagesAfter } from "./hook-node.ts";
import { type AgentModelSource, bindForCall } from "./model-binding.ts";
import { runtimeFor } from "./runtime.ts";
import {
  type AgentSystemMessage,
  isEmptySystemMessage,
  toAgentSystemMessage,
} from "./system-message.ts";
import type { AgentTopology } from "./topology.ts";

type State = Record<string, unknown> & { messages: BaseMessage[] };

/** What the model node needs to know about its agent. */
export interface ModelNodeOptions {
  model: AgentModelSource;
  systemPrompt: string | AgentSystemMessage | { content: never } | undefined;
  tools: readonly AgentTool[];
  responseFormat: unknown;
  /** Middleware with `wrapModelCall`, in agent order (the first is outermost). */
  wrappers: readonly AnyAgentMiddleware[];
  /** Set on the agent's AI messages. */
  name?: string;
  topology: AgentTopology;
  /** Names of the structured-output tools seen so far (shared with the routers). */
  structuredToolNames: Set<string>;
  /** Some middleware has `wrapToolCall`, so tools added per call can be run. */
  canRunUnregisteredTools: boolean;
}

/** What the innermost handler learned about the call that reached the model. */
interface CallRecord {
  format: ResolvedResponseFormat | undefined;
  /** The last reply the model gave (a middleware may answer with a Command instead). */
  reply: AIMessage | undefined;
}

/**
 * The `model_request` node: builds the `ModelRequest`, runs it through the
 * `wrapModelCall` chain (first middleware outermost) down to the model, then turns the
 * reply into a state update — with the structured answer parsed, or the parsing error
 * sent back to the model — and routes to the `afterModel` hooks or the next step.
 */
export function modelNode(options: ModelNodeOptions) {
  const { topology, structuredToolNames } = options;
  const baseSystem = toAgentSystemMessage(options.systemPrompt as string | undefined);
  const toolCheck = toolChangeCheck(options.tools, options.canRunUnregisteredTools);
  return async (state: State, config: LangGraphRunnableConfig) => {
    const runtime = await runtimeFor(config);
    const record: CallRecord = { format: undefined, reply: undefined };
    const request: ModelRequest = {
      override,
      model: await options.model.resolve(),
      messages: state.messages,
      systemPrompt: baseSystem.text,
      systemMessage: baseSystem,
      tools: [...options.tools],
      responseFormat: options.responseFormat,
      state,
      runtime,
    };
    const inner: WrapModelCallHandler = async (req) => {
      const system = req.systemMessage ?? toAgentSystemMessage(req.systemPrompt);
      const format = resolveResponseFormat(req.responseFormat, req.model);
      record.format = format;
      if (format?.kind === "tool")
        for (const name of format.tools.keys()) structuredToolNames.add(name);
      const model = bindForCall(req.model, {
        tools: req.tools,
        toolChoice: req.toolChoice,
        format,
        modelSettings: req.modelSettings,
      });
      const input = isEmptySystemMessage(system) ? req.messages : [system, ...req.messages];
      const reply = (await model.invoke(input, modelCallConfig(model, config))) as AIMessage;
      if (options.name !== undefined) (reply as { name?: string }).name = options.name;
      record.reply = reply;
      return reply;
    };
    const chain = options.wrappers.reduceRight<WrapModelCallHandler>(
      (next, m) => wrapLayer(m, next, config, toolCheck),
      inner,
    );
    const result = await chain(request as Parameters<WrapModelCallHandler>[0]);
    if (isCommand(result))
      return withReply(state, result, record.reply, topology, structuredToolNames);
    // A reply made up by a middleware (no model call) is checked against the agent's format.
    const format = record.format ?? resolveResponseFormat(options.responseFormat, request.model);
    const update = await replyUpdate(result as AIMessage, format);
    return routed(state, new Command({ update }), topology, structuredToolNames);
  };
}

/**
 * `ModelRequest.override`: an own, enumerable method reading `this`, so that it survives
 * `{ ...request }` copies and applies to the copy it is called on.
 */
function override(this: ModelRequest, changes: Partial<ModelRequest>): ModelRequest {
  return { ...this, ...changes };
}

/** One `wrapModelCall` layer: fills the middleware's runtime and normalizes its handler input. */
function wrapLayer(
  m: AnyAgentMiddleware,
  next: WrapModelCallHandler,
  config: LangGraphRunnableConfig,
  checkTools: (tools: readonly AgentTool[], middleware: string) => void,
): WrapModelCallHandler {
  return async (req) => {
    const received = {
      ...req,
      override: req.override ?? override,
      systemMessage: req.systemMessage ?? toAgentSystemMessage(req.systemPrompt),
      systemPrompt: req.systemPrompt ?? req.systemMessage?.text ?? "",
      runtime: await runtimeFor(config, m),
    } as ModelRequest;
    const handler: WrapModelCallHandler = (changed) => {
      let systemMessage = changed.systemMessage;
      // `systemMessage` wins when both changed; a changed `systemPrompt` alone replaces it.
      if (
        systemMessage === received.systemMessage &&
        changed.systemPrompt !== received.systemPrompt
      ) {
        systemMessage = toAgentSystemMessage(changed.systemPrompt);
      }
      if (changed.tools !== received.tools) checkTools(changed.tools, m.name);
      const normalized = {
        ...changed,
        systemMessage:
          systemMessage === undefined ? undefined : toAgentSystemMessage(systemMessage),
        systemPrompt: systemMessage?.text,
      };
      return next(normalized as Parameters<WrapModelCallHandler>[0]);
    };
    const out = await m.wrapModelCall!(received, handler);
    if (!isCommand(out) && (typeof out !== "object" || out === null)) {
      throw new TypeError(
        `wrapModelCall of middleware "${m.name}" returned ${typeof out}; expected an AI message or a Command.`,
      );
    }
    return out as AIMessage;
  };
}

/**
 * The state update for the model's reply: the reply itself, plus — when it carries the
 * structured answer — `structuredResponse` and the `ToolMessage` answering the
 * structured-output call; when the answer is invalid, the error message per `handleError`.
 */
async function replyUpdate(
  reply: AIMessage,
  format: ResolvedResponseFormat | undefined,
): Promise<Record<string, unknown>> {
  if (format === undefined) return { messages: [reply] };
  const calls = reply.tool_calls ?? [];
  if (format.kind === "provider") {
    if (calls.length > 0) return { messages: [reply] };
    return { messages: [reply], structuredResponse: await format.strategy.parse(reply) };
  }
  const structured = calls.filter((call) => format.tools.has(call.name));
  if (structured.length === 0) return { messages: [reply] };
  const strategy = format.tools.get(structured[0]!.name)!;
  if (structured.length > 1) {
    const error = new MultipleStructuredOutputsError(structured.map((c) => c.name));
    return retryUpdate(reply, structured, strategy, error);
  }
  const call = structured[0]!;
  let value: unknown;
  try {
    value = await strategy.parse(call.args);
  } catch (error) {
    if (!(error instanceof StructuredOutputParsingError)) throw error;
    return retryUpdate(reply, structured, strategy, error);
  }
  const content =
    strategy.options.toolMessageContent ??
    `Returning structured response: ${JSON.stringify(value)}`;
  return {
    messages: [reply, new ToolMessage({ content, tool_call_id: call.id ?? "", name: call.name })],
    structuredResponse: value,
  };
}

/** Sends the error back as one error `ToolMessage` per structured call, or throws per `handleError`. */
async function retryUpdate(
  reply: AIMessage,
  calls: readonly { id?: string; name: string }[],
  strategy: ToolStrategy,
  error: Error,
): Promise<Record<string, unknown>> {
  const handle = strategy.options.handleError ?? true;
  if (handle === false) throw error;
  let content: string;
  if (typeof handle === "string") content = handle;
  else if (typeof handle === "function") {
    content = await handle(error);
    if (typeof content !== "string") throw new TypeError("handleError must return a string.");
  } else content = `Error: ${error.message}\n Please fix your mistakes.`;
  return {
    messages: [
      reply,
      ...calls.map(
        (call) =>
          new ToolMessage({
            content,
            tool_call_id: call.id ?? "",
            name: call.name,
            status: "error",
          }),
      ),
    ],
  };
}

/**
 * Checks the tools a `wrapModelCall` hands on: a tool the agent does not register can only
 * be offered when some `wrapToolCall` middleware can run it, and a registered tool cannot
 * be swapped for another object of the same name (the tools node would run the original).
 *
 * @throws MiddlewareError `INVALID_GRAPH_NODE_RETURN_VALUE`
 */
function toolChangeCheck(registered: readonly AgentTool[], canRunUnregistered: boolean) {
  const byName = new Map(registered.filter(isToolLike).map((t) => [t.name, t]));
  return (tools: readonly AgentTool[], middleware: string): void => {
    const runnable = tools.filter(isToolLike);
    const added = runnable.filter((t) => !byName.has(t.name));
    if (added.length > 0 && !canRunUnregistered) {
      throw new MiddlewareError(
        middleware,
        `You have added a new tool in "wrapModelCall" hook of middleware "${middleware}": ${added.map((t) => t.name).join(", ")}. This is not supported unless a middleware provides a "wrapToolCall" handler to execute it.`,
      );
    }
    const replaced = runnable.filter((t) => byName.has(t.name) && byName.get(t.name) !== t);
    if (replaced.length > 0) {
      throw new MiddlewareError(
        middleware,
        `You have modified a tool in "wrapModelCall" hook of middleware "${middleware}": ${replaced.map((t) => t.name).join(", ")}. This is not supported.`,
      );
    }
  };
}

/**
 * The node's result when a middleware answered with a `Command`: the model's reply (if
 * the model was called) stays in the conversation next to it, and a command that does
 * not route itself continues along the agent's route, decided on the conversation as both
 * leave it.
 */
function withReply(
  state: State,
  command: Command,
  reply: AIMessage | undefined,
  topology: AgentTopology,
  structuredToolNames: ReadonlySet<string>,
): Command | Command[] {
  const replyUpdate = { messages: reply === undefined ? [] : [reply] };
  if (command.goto.length > 0 || command.graph !== undefined) {
    return reply === undefined ? command : [new Command({ update: replyUpdate }), command];
  }
  const afterReply = { ...state, messages: messagesAfter(state, replyUpdate) };
  const update = command.update ?? {};
  const routedReply = routed(
    afterReply,
    new Command({ update: Array.isArray(update) ? Object.fromEntries(update) : update }),
    topology,
    structuredToolNames,
  );
  return [new Command({ update: replyUpdate, goto: routedReply.goto }), command];
}

/** Adds the route to a command that does not route itself. */
function routed(
  state: State,
  command: Command,
  topology: AgentTopology,
  structuredToolNames: ReadonlySet<string>,
): Command {
  if (command.goto.length > 0 || command.graph !== undefined) return command;
  const update = (command.update ?? {}) as Record<string, unknown>;
  const goto =
    topology.afterModelNode ??
    topology.routeAfterModel(
      messagesAfter(state, Array.isArray(update) ? Object.fromEntries(update) : update),
      structuredToolNames,
    );
  return new Command({ update: command.update, goto });
}
