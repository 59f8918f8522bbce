import type { BaseCheckpointSaver } from "@weft/checkpoint";
import { END, START } from "../constants.ts";
import { InvalidGraphError } from "../errors.ts";
import type { CompiledStateGraph } from "../graph/compiled-state-graph.ts";
import { type NodeAction, StateGraph } from "../graph/state-graph.ts";
import { hasMessageType } from "../messages/base-message.ts";
import type { BaseMessage } from "../messages/index.ts";
import { Send } from "../send.ts";
import type { AnyStateLike, StateType, UpdateType } from "../state/index.ts";
import type { ToolLike } from "../tools/tool-types.ts";
import type { LangGraphRunnableConfig, StoreLike } from "../types.ts";
import { type AgentModel, modelCallConfig, modelResolver } from "./agent-model.ts";
import { type AgentPrompt, promptMessages } from "./agent-prompt.ts";
import { pendingToolCalls, returnDirectRouter } from "./agent-routing.ts";
import { validateChatHistory } from "./chat-history.ts";
import {
  createReactAgentAnnotation,
  hasMessagesKey,
  withLlmInputMessages,
} from "./react-agent-state.ts";
import { type AgentResponseFormat, structuredResponseNode } from "./structured-response-node.ts";
import { ToolNode } from "./tool-node.ts";

/** Options of {@link createReactAgent}. */
export interface CreateReactAgentParams<S extends AnyStateLike = any> {
  /** The chat model (Weft or `@langchain/core`), or a function of state and config choosing one per call. */
  llm: AgentModel;
  /** The tools offered to the model, or a ready `ToolNode`. */
  tools: readonly ToolLike[] | ToolNode;
  /** System prompt: a string, a `SystemMessage`, or a function building the model's messages. */
  prompt?: AgentPrompt;
  /** The agent state; must have `messages`. @default messages + structuredResponse */
  stateSchema?: S;
  /** Schema of `config.context` (documentation and typing only). */
  contextSchema?: unknown;
  /** After the loop, ask the model for an answer in this schema, stored as `structuredResponse`. */
  responseFormat?: AgentResponseFormat;
  checkpointer?: BaseCheckpointSaver | false;
  /** Older name of `checkpointer`. */
  checkpointSaver?: BaseCheckpointSaver;
  store?: StoreLike;
  /** A node run before each model call (may return `llmInputMessages` for the model only). */
  preModelHook?: NodeAction;
  /** A node run after each model call (guardrails, human review...). */
  postModelHook?: NodeAction;
  interruptBefore?: ("agent" | "tools" | (string & {}))[] | "*";
  interruptAfter?: ("agent" | "tools" | (string & {}))[] | "*";
  /** Graph name; also set as `name` of the agent's AI messages. */
  name?: string;
  description?: string;
  /**
   * `"v1"`: one `tools` node runs all calls of a message in parallel. `"v2"`: each call is
   * sent to its own `tools` task with `Send` (separate tasks, interrupts and retries).
   * @default "v1"
   */
  version?: "v1" | "v2";
}

type AgentNodes =
  | "agent"
  | "tools"
  | "pre_model_hook"
  | "post_model_hook"
  | "generate_structured_response";

/**
 * A tool-calling agent: the model is called with the conversation; while its reply asks
 * for tools, the tools run and the model is called again. Returns a compiled graph whose
 * state has `messages` (and `structuredResponse` with `responseFormat`). Each loop is two
 * steps, so a limit of `maxIterations` model calls is `recursionLimit: 2 * maxIterations + 1`
 * (exceeding it throws `GraphRecursionError`).
 *
 * @throws InvalidGraphError `INVALID_GRAPH` when the state has no `messages` key.
 * @example
 * const agent = createReactAgent({ llm: new ChatOpenAI(), tools: [getWeather], prompt: "Be brief." });
 * const { messages } = await agent.invoke({ messages: [{ role: "user", content: "Weather in sf?" }] });
 */
export function createReactAgent<
  S extends AnyStateLike = ReturnType<typeof createReactAgentAnnotation>,
>(params: CreateReactAgentParams<S>): CompiledStateGraph<StateType<S>, UpdateType<S>, AgentNodes> {
  const { llm, prompt, responseFormat, preModelHook, postModelHook, name } = params;
  const version = params.version ?? "v1";
  const toolNode = params.tools instanceof ToolNode ? params.tools : new ToolNode(params.tools);
  const tools = toolNode.tools;
  const returnDirect = new Set(tools.filter((t) => t.returnDirect).map((t) => t.name));
  const state = (params.stateSchema ?? createReactAgentAnnotation()) as AnyStateLike;
  if (!hasMessagesKey(state)) {
    throw new InvalidGraphError("createReactAgent: the state schema needs a `messages` key.");
  }

  const modelFor = modelResolver(llm, tools);
  const plainModelFor = modelResolver(llm, []);

  const callModel = async (input: Record<string, any>, config: LangGraphRunnableConfig) => {
    const { llmInputMessages, ...rest } = input;
    const view = {
      ...rest,
      messages: llmInputMessages?.length > 0 ? llmInputMessages : input.messages,
    } as { messages: BaseMessage[] };
    validateChatHistory(view.messages);
    const model = await modelFor(input, config);
    const messages = await promptMessages(prompt, view, config);
    const response = (await model.invoke(messages, modelCallConfig(model, config))) as {
      name?: string;
    };
    if (name !== undefined) response.name = name;
    return { messages: [response] };
  };

  // Where the loop goes after the model (or the post-model hook) answered.
  const route = (input: { messages: BaseMessage[] }): string | Send[] => {
    const messages = input.messages;
    const last = messages[messages.length - 1];
    const calls = pendingToolCalls(messages, postModelHook !== undefined);
    if (calls.length > 0) {
      if (version === "v2")
        return calls.map((call) => new Send("tools", { ...input, lg_tool_call: call }));
      return "tools";
    }
    if (postModelHook && hasMessageType(last, "tool")) return entry;
    return responseFormat !== undefined ? "generate_structured_response" : END;
  };

  const entry = preModelHook ? "pre_model_hook" : "agent";
  const graph = new StateGraph(
    state,
    params.contextSchema as AnyStateLike,
  ) as unknown as StateGraph<AnyStateLike, any, any, string>;
  graph.addNode("tools", toolNode);
  if (preModelHook) {
    graph.addNode("pre_model_hook", preModelHook).addEdge("pre_model_hook", "agent");
    graph.addNode("agent", callModel, { input: withLlmInputMessages(state) });
  } else {
    graph.addNode("agent", callModel);
  }
  graph.addEdge(START, entry);
  const afterModel = postModelHook ? "post_model_hook" : "agent";
  if (postModelHook)
    graph.addNode("post_model_hook", postModelHook).addEdge("agent", "post_model_hook");
  const destinations = [
    "tools",
    responseFormat !== undefined ? "generate_structured_response" : END,
  ];
  if (postModelHook) destinations.push(entry);
  graph.addConditionalEdges(afterModel, route, destinations);
  if (responseFormat !== undefined) {
    graph
      .addNode(
        "generate_structured_response",
        structuredResponseNode(responseFormat, plainModelFor),
      )
      .addEdge("generate_structured_response", END);
  }
  if (returnDirect.size > 0) {
    graph.addConditionalEdges("tools", returnDirectRouter(returnDirect, entry), [entry, END]);
  } else {
    graph.addEdge("tools", entry);
  }
  return graph.compile({
    checkpointer: params.checkpointer ?? params.checkpointSaver,
    store: params.store,
    interruptBefore: params.interruptBefore as string[] | "*" | undefined,
    interruptAfter: params.interruptAfter as string[] | "*" | undefined,
    name,
    description: params.description,
  }) as unknown as CompiledStateGraph<StateType<S>, UpdateType<S>, AgentNodes>;
}
