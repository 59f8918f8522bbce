/**
 * Handoffs between agent subgraphs: a sales agent and a support agent are nodes of one
 * parent graph. A handoff tool returns `Command({ goto, update, graph: Command.PARENT })`,
 * which leaves the running agent and moves control to the other node, carrying only the
 * AI message that called the tool and a ToolMessage answering it (so the receiving agent
 * sees a valid tool-call pair, not the other agent's whole history).
 *
 * The program is the "Sales and support with handoffs" example of the Handoffs page with
 * its imports changed to `@weft/agent` / `@weft/graph`; scripted models play the LLMs
 * (use `model: "openai:gpt-4.1-mini"` with `OPENAI_API_KEY` set for real ones).
 *
 * Run from the repo root: `node --conditions=@weft/source packages/agent/examples/multi-handoffs-subgraphs.ts`
 */
import { AIMessage, createAgent, ToolMessage, type ToolRuntime, tool } from "@weft/agent";
import { Command, END, MessagesZodState, ScriptedChatModel, START, StateGraph } from "@weft/graph";
import { z } from "zod/v4";

// 1. Define state with active_agent tracker
const MultiAgentState = MessagesZodState.extend({
  activeAgent: z.string().optional(),
});
type MultiAgentStateValue = z.infer<typeof MultiAgentState>;

// 2. Create handoff tools
const transferToSales = tool(
  async (_, runtime: ToolRuntime<typeof MultiAgentState>) => {
    const lastAiMessage = [...runtime.state.messages].reverse().find(AIMessage.isInstance);
    const transferMessage = new ToolMessage({
      content: "Transferred to sales agent from support agent",
      tool_call_id: runtime.toolCallId,
    });
    return new Command({
      goto: "sales_agent",
      update: {
        activeAgent: "sales_agent",
        messages: [lastAiMessage, transferMessage].filter(Boolean),
      },
      graph: Command.PARENT,
    });
  },
  {
    name: "transfer_to_sales",
    description: "Transfer to the sales agent.",
    schema: z.object({}),
  },
);

const transferToSupport = tool(
  async (_, runtime: ToolRuntime<typeof MultiAgentState>) => {
    const lastAiMessage = [...runtime.state.messages].reverse().find(AIMessage.isInstance);
    const transferMessage = new ToolMessage({
      content: "Transferred to support agent from sales agent",
      tool_call_id: runtime.toolCallId,
    });
    return new Command({
      goto: "support_agent",
      update: {
        activeAgent: "support_agent",
        messages: [lastAiMessage, transferMessage].filter(Boolean),
      },
      graph: Command.PARENT,
    });
  },
  {
    name: "transfer_to_support",
    description: "Transfer to the support agent.",
    schema: z.object({}),
  },
);

// Scripted stand-ins for the two LLMs: sales hands a login problem over to support,
// support answers it.
const salesModel = new ScriptedChatModel({
  replies: [{ toolCalls: [{ name: "transfer_to_support", args: {}, id: "handoff-1" }] }],
});
const supportModel = new ScriptedChatModel({
  replies: ["Reset your password from the login page; the reset link is valid for one hour."],
});

// 3. Create agents with handoff tools
const salesAgent = createAgent({
  model: salesModel,
  tools: [transferToSupport],
  systemPrompt:
    "You are a sales agent. Help with sales inquiries. If asked about technical issues or support, transfer to the support agent.",
  name: "sales_agent",
});

const supportAgent = createAgent({
  model: supportModel,
  tools: [transferToSales],
  systemPrompt:
    "You are a support agent. Help with technical issues. If asked about pricing or purchasing, transfer to the sales agent.",
  name: "support_agent",
});

// 4. Create agent nodes that invoke the agents
const callSalesAgent = async (state: MultiAgentStateValue) => {
  const response = await salesAgent.invoke(state);
  return response;
};

const callSupportAgent = async (state: MultiAgentStateValue) => {
  const response = await supportAgent.invoke(state);
  return response;
};

// 5. Create router that checks if we should end or continue
const routeAfterAgent = (
  state: MultiAgentStateValue,
): "sales_agent" | "support_agent" | "__end__" => {
  const messages = state.messages ?? [];

  // Check the last message - if it's an AIMessage without tool calls, we're done
  if (messages.length > 0) {
    const lastMsg = messages[messages.length - 1];
    if (lastMsg instanceof AIMessage && !lastMsg.tool_calls?.length) {
      return "__end__";
    }
  }

  // Otherwise route to the active agent
  const active = state.activeAgent ?? "sales_agent";
  return active as "sales_agent" | "support_agent";
};

const routeInitial = (state: MultiAgentStateValue): "sales_agent" | "support_agent" => {
  // Route to the active agent based on state, default to sales agent
  return (state.activeAgent ?? "sales_agent") as "sales_agent" | "support_agent";
};

// 6. Build the graph
const builder = new StateGraph(MultiAgentState)
  .addNode("sales_agent", callSalesAgent)
  .addNode("support_agent", callSupportAgent)
  // Start with conditional routing based on initial activeAgent
  .addConditionalEdges(START, routeInitial, ["sales_agent", "support_agent"])
  // After each agent, check if we should end or route to another agent
  .addConditionalEdges("sales_agent", routeAfterAgent, ["sales_agent", "support_agent", END]);
builder.addConditionalEdges("support_agent", routeAfterAgent, [
  "sales_agent",
  "support_agent",
  END,
]);

const graph = builder.compile();
const result = await graph.invoke({
  messages: [
    {
      role: "user",
      content: "Hi, I'm having trouble with my account login. Can you help?",
    },
  ],
});

for (const msg of result.messages) {
  console.log(
    `${msg.type}${msg.name ? ` (${msg.name})` : ""}: ${msg.text || JSON.stringify((msg as AIMessage).tool_calls)}`,
  );
}
console.log("active agent:", result.activeAgent);
console.log("support saw:", supportModel.calls[0]?.messages.map((m) => m.type).join(", "));
