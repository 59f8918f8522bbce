// An agent as part of larger programs: handoffs between agents (seed 003, "# Handoffs",
// multiple agent subgraphs), an agent as a subgraph node and as another agent's tool, with the scripted model driving the tool calls.
import {
  Annotation,
  type BaseMessage,
  END,
  MessagesAnnotation,
  MessagesZodState,
  ScriptedChatModel,
  START,
  StateGraph,
} from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AIMessage,
  Command,
  createAgent,
  HumanMessage,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "../src/index.ts";

const getWeather = tool(async ({ city }: { city: string }) => `It's always sunny in ${city}!`, {
  name: "get_weather",
  description: "weather",
  schema: z.object({ city: z.string() }),
});

function weatherModel() {
  return new ScriptedChatModel({
    replies: [
      { toolCalls: [{ name: "get_weather", args: { city: "SF" }, id: "c1" }] },
      "It's always sunny in SF!",
    ],
  });
}

const MultiAgentState = MessagesZodState.extend({ activeAgent: z.string().optional() });
type MultiState = z.infer<typeof MultiAgentState>;

function transferTo(target: "sales_agent" | "support_agent", from: string) {
  return tool(
    async (_: Record<string, never>, runtime: ToolRuntime<MultiState>) => {
      const lastAiMessage = [...runtime.state!.messages].reverse().find(AIMessage.isInstance);
      const transferMessage = new ToolMessage({
        content: `Transferred to ${target} from ${from}`,
        tool_call_id: runtime.toolCallId!,
      });
      return new Command({
        goto: target,
        update: { activeAgent: target, messages: [lastAiMessage, transferMessage].filter(Boolean) },
        graph: Command.PARENT,
      });
    },
    {
      name: `transfer_to_${target.replace("_agent", "")}`,
      description: `Transfer to the ${target}.`,
      schema: z.object({}),
    },
  );
}

describe("handoffs", () => {
  it("moves the conversation between two agents with Command.PARENT", async () => {
    const salesAgent = createAgent({
      model: new ScriptedChatModel({ replies: ["The pro plan costs $20."] }),
      tools: [transferTo("support_agent", "sales agent")],
      systemPrompt: "You are a sales agent.",
    });
    const supportAgent = createAgent({
      model: new ScriptedChatModel({
        replies: [{ toolCalls: [{ name: "transfer_to_sales", args: {}, id: "t1" }] }],
      }),
      tools: [transferTo("sales_agent", "support agent")],
      systemPrompt: "You are a support agent.",
    });
    const callSalesAgent = async (state: MultiState) => salesAgent.invoke(state);
    const callSupportAgent = async (state: MultiState) => supportAgent.invoke(state);
    const routeAfterAgent = (state: MultiState) => {
      const lastMsg = state.messages.at(-1) as
        | (BaseMessage & { tool_calls?: unknown[] })
        | undefined;
      if (lastMsg && AIMessage.isInstance(lastMsg) && !lastMsg.tool_calls?.length) return END;
      return (state.activeAgent ?? "sales_agent") as "sales_agent" | "support_agent";
    };
    const graph = new StateGraph(MultiAgentState)
      .addNode("sales_agent", callSalesAgent, { ends: ["support_agent"] })
      .addNode("support_agent", callSupportAgent, { ends: ["sales_agent"] })
      .addConditionalEdges(
        START,
        (s: MultiState) => (s.activeAgent ?? "sales_agent") as "sales_agent",
        ["sales_agent", "support_agent"],
      )
      .addConditionalEdges("sales_agent", routeAfterAgent, ["sales_agent", "support_agent", END])
      .addConditionalEdges("support_agent", routeAfterAgent, ["sales_agent", "support_agent", END])
      .compile();
    const result = await graph.invoke({
      messages: [{ role: "user", content: "How much is the pro plan?" }],
      activeAgent: "support_agent",
    });
    expect(result.activeAgent).toBe("sales_agent");
    expect(result.messages.map((m: BaseMessage) => m.text)).toEqual([
      "How much is the pro plan?",
      "",
      "Transferred to sales_agent from support agent",
      "The pro plan costs $20.",
    ]);
  });
});

describe("composition", () => {
  it("works as a subgraph node of another graph", async () => {
    const agent = createAgent({
      model: weatherModel(),
      tools: [getWeather],
      name: "weather_agent",
    });
    const parent = new StateGraph(MessagesAnnotation)
      .addNode("weather_agent", agent)
      .addEdge(START, "weather_agent")
      .addEdge("weather_agent", END)
      .compile();
    const result = await parent.invoke({ messages: [new HumanMessage("weather?")] });
    expect(result.messages.at(-1)!.content).toBe("It's always sunny in SF!");
  });

  it("works as a tool of another agent (subagent)", async () => {
    const subagent = createAgent({ model: weatherModel(), tools: [getWeather], name: "weather" });
    const callWeather = tool(
      async ({ query }: { query: string }) => {
        const result = await subagent.invoke({ messages: [new HumanMessage(query)] });
        return String(result.messages.at(-1)!.content);
      },
      { name: "ask_weather_agent", description: "asks", schema: z.object({ query: z.string() }) },
    );
    const supervisor = createAgent({
      model: new ScriptedChatModel({
        replies: [
          { toolCalls: [{ name: "ask_weather_agent", args: { query: "sf?" } }] },
          "SF is sunny.",
        ],
      }),
      tools: [callWeather],
    });
    const result = await supervisor.invoke({ messages: [new HumanMessage("weather?")] });
    expect(result.messages[2]!.content).toBe("It's always sunny in SF!");
    expect(result.messages.at(-1)!.content).toBe("SF is sunny.");
  });

  it("accepts a custom StateSchema-style state with extra fields", async () => {
    const State = Annotation.Root({
      ...MessagesAnnotation.spec,
      userPreferences: Annotation<Record<string, string>>(),
    });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["ok"] }),
      tools: [],
      stateSchema: State,
    });
    const result = await agent.invoke({
      messages: [new HumanMessage("x")],
      userPreferences: { style: "brief" },
    });
    expect(result.userPreferences).toEqual({ style: "brief" });
  });
});
