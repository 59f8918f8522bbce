// Seed 003, "# Handoffs": both implementation approaches with the scripted model.
// - single agent with middleware: a tool's Command changes `currentStep`, a wrapModelCall
//   middleware picks prompt and tools from it;
// - multiple agent subgraphs: handoff tools return Command({ goto, update, graph: PARENT }).
import {
  Command,
  END,
  InvalidGraphError,
  MemorySaver,
  MessagesZodState,
  ScriptedChatModel,
  START,
  StateGraph,
} from "@weft/graph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AIMessage,
  type BaseMessage,
  createAgent,
  createMiddleware,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "../src/index.ts";

describe("handoffs: single agent with middleware", () => {
  const SupportState = z.object({
    currentStep: z.string().default("triage"),
    warrantyStatus: z.string().optional(),
  });
  type Support = z.infer<typeof SupportState>;

  const recordWarrantyStatus = tool(
    async ({ status }: { status: string }, config: ToolRuntime<Support>) =>
      new Command({
        update: {
          messages: [
            new ToolMessage({
              content: `Warranty status recorded: ${status}`,
              tool_call_id: config.toolCallId,
            }),
          ],
          warrantyStatus: status,
          currentStep: "specialist",
        },
      }),
    {
      name: "record_warranty_status",
      description: "Record warranty status and transition",
      schema: z.object({ status: z.string() }),
    },
  );
  const provideSolution = tool(async ({ solution }: { solution: string }) => `sent: ${solution}`, {
    name: "provide_solution",
    description: "Send a solution.",
    schema: z.object({ solution: z.string() }),
  });
  const escalate = tool(async () => "escalated", {
    name: "escalate_to_human",
    description: "Escalate.",
    schema: z.object({}),
  });

  const applyStepConfig = createMiddleware({
    name: "applyStepConfig",
    stateSchema: SupportState,
    wrapModelCall: async (request, handler) => {
      const configs = {
        triage: { prompt: "Collect warranty information...", tools: [recordWarrantyStatus] },
        specialist: {
          prompt: `Provide solutions based on warranty: ${request.state.warrantyStatus}`,
          tools: [provideSolution, escalate],
        },
      };
      const config = configs[(request.state.currentStep || "triage") as keyof typeof configs];
      return handler({ ...request, systemPrompt: config.prompt, tools: config.tools });
    },
  });

  function supportAgent(model: ScriptedChatModel) {
    return createAgent({
      model,
      tools: [recordWarrantyStatus, provideSolution, escalate],
      middleware: [applyStepConfig],
      checkpointer: new MemorySaver(),
    });
  }

  it("a tool's Command moves the step; the next model call gets the new prompt and tools", async () => {
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "record_warranty_status", args: { status: "in_warranty" }, id: "w1" },
          ],
        },
        "Can you describe the issue?",
      ],
    });
    const agent = supportAgent(model);
    const config = { configurable: { thread_id: "t1" } };
    const result = await agent.invoke({ messages: "Yes, it's under warranty" }, config);

    expect(result.currentStep).toBe("specialist");
    expect(result.warrantyStatus).toBe("in_warranty");
    // The Command's ToolMessage answers the call, so the history stays a valid pair.
    const toolMessage = result.messages[2] as ToolMessage;
    expect(toolMessage.type).toBe("tool");
    expect(toolMessage.tool_call_id).toBe("w1");
    expect(toolMessage.text).toBe("Warranty status recorded: in_warranty");

    const [first, second] = model.calls;
    expect(first!.messages[0]!.text).toBe("Collect warranty information...");
    expect(first!.tools.map((t) => t.name)).toEqual(["record_warranty_status"]);
    expect(second!.messages[0]!.text).toBe("Provide solutions based on warranty: in_warranty");
    expect(second!.tools.map((t) => t.name)).toEqual(["provide_solution", "escalate_to_human"]);
  });

  it("the step persists across turns of a thread and starts over on a new thread", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "record_warranty_status", args: { status: "expired" } }] },
        "Noted.",
        "Here is the paid repair process.",
        "Is your device under warranty?",
      ],
    });
    const agent = supportAgent(model);
    const thread = { configurable: { thread_id: "a" } };
    await agent.invoke({ messages: "It's out of warranty" }, thread);
    const turn2 = await agent.invoke({ messages: "What now?" }, thread);
    expect(turn2.currentStep).toBe("specialist");
    expect(model.calls[2]!.messages[0]!.text).toBe("Provide solutions based on warranty: expired");
    expect(model.calls[2]!.tools.map((t) => t.name)).not.toContain("record_warranty_status");

    const other = await agent.invoke(
      { messages: "My phone is broken" },
      { configurable: { thread_id: "b" } },
    );
    expect(other.currentStep).toBe("triage");
    expect(model.calls[3]!.messages[0]!.text).toBe("Collect warranty information...");
  });

  it("the basic transfer tool (seed snippet) updates the step with the paired ToolMessage", async () => {
    const StepState = z.object({ currentStep: z.string().default("main") });
    const transferToSpecialist = tool(
      async (_: Record<string, never>, config: ToolRuntime<z.infer<typeof StepState>>) =>
        new Command({
          update: {
            messages: [
              new ToolMessage({
                content: "Transferred to specialist",
                tool_call_id: config.toolCallId,
              }),
            ],
            currentStep: "specialist",
          },
        }),
      {
        name: "transfer_to_specialist",
        description: "Transfer to the specialist agent.",
        schema: z.object({}),
      },
    );
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "transfer_to_specialist", id: "x1" }] }, "Specialist here."],
    });
    const agent = createAgent({ model, tools: [transferToSpecialist], stateSchema: StepState });
    const result = await agent.invoke({ messages: "I need an expert" });
    expect(result.currentStep).toBe("specialist");
    expect(result.messages.map((m) => m.type)).toEqual(["human", "ai", "tool", "ai"]);
    expect((result.messages[2] as ToolMessage).tool_call_id).toBe("x1");
  });
});

describe("handoffs: multiple agent subgraphs", () => {
  const MultiAgentState = MessagesZodState.extend({ activeAgent: z.string().optional() });
  type State = z.infer<typeof MultiAgentState>;
  type AgentName = "sales_agent" | "support_agent";

  // The seed's handoff tool: pass the AI message that called it and a ToolMessage
  // answering it, nothing else of the departing agent's history.
  function handoffTool(to: AgentName, from: string) {
    return tool(
      async (_: Record<string, never>, runtime: ToolRuntime<State>) => {
        const lastAiMessage = [...runtime.state.messages].reverse().find(AIMessage.isInstance);
        const transferMessage = new ToolMessage({
          content: `Transferred to ${to} from ${from}`,
          tool_call_id: runtime.toolCallId,
        });
        return new Command({
          goto: to,
          update: { activeAgent: to, messages: [lastAiMessage, transferMessage].filter(Boolean) },
          graph: Command.PARENT,
        });
      },
      {
        name: to === "sales_agent" ? "transfer_to_sales" : "transfer_to_support",
        description: `Transfer to the ${to}.`,
        schema: z.object({}),
      },
    );
  }

  function routeAfterAgent(state: State): AgentName | typeof END {
    const last = state.messages.at(-1);
    if (last instanceof AIMessage && !last.tool_calls?.length) return END;
    return (state.activeAgent ?? "sales_agent") as AgentName;
  }

  function build(
    salesModel: ScriptedChatModel,
    supportModel: ScriptedChatModel,
    asNodes: "wrapper" | "subgraph",
  ) {
    const salesAgent = createAgent({
      model: salesModel,
      tools: [handoffTool("support_agent", "sales_agent")],
      systemPrompt: "You are a sales agent.",
      name: "sales_agent",
    });
    const supportAgent = createAgent({
      model: supportModel,
      tools: [handoffTool("sales_agent", "support_agent")],
      systemPrompt: "You are a support agent.",
      name: "support_agent",
    });
    // The seed calls each agent from a node function; an agent is also a graph, so it
    // can be the node itself.
    const wrapped = asNodes === "wrapper";
    return new StateGraph(MultiAgentState)
      .addNode(
        "sales_agent",
        wrapped ? async (state: State) => salesAgent.invoke(state) : salesAgent,
      )
      .addNode(
        "support_agent",
        wrapped ? async (state: State) => supportAgent.invoke(state) : supportAgent,
      )
      .addConditionalEdges(START, (s: State) => (s.activeAgent ?? "sales_agent") as AgentName, [
        "sales_agent",
        "support_agent",
      ])
      .addConditionalEdges("sales_agent", routeAfterAgent, ["sales_agent", "support_agent", END])
      .addConditionalEdges("support_agent", routeAfterAgent, ["sales_agent", "support_agent", END]);
  }

  for (const asNodes of ["wrapper", "subgraph"] as const) {
    it(`moves control to the other agent with the tool-call pair (agents as ${asNodes} nodes)`, async () => {
      const salesModel = new ScriptedChatModel({
        replies: [{ toolCalls: [{ name: "transfer_to_support", id: "h1" }] }],
      });
      const supportModel = new ScriptedChatModel({ replies: ["Reset your password."] });
      const graph = build(salesModel, supportModel, asNodes).compile();
      const result = await graph.invoke({
        messages: [{ role: "user", content: "I can't log in" }],
      });

      // Sales answered first and handed off; support answered last.
      expect(salesModel.calls).toHaveLength(1);
      expect(supportModel.calls).toHaveLength(1);
      expect(result.activeAgent).toBe("support_agent");
      expect(result.messages.map((m) => `${m.type}:${m.name ?? ""}`)).toEqual([
        "human:",
        "ai:sales_agent",
        "tool:",
        "ai:support_agent",
      ]);
      const handoff = result.messages[1] as AIMessage;
      expect(handoff.tool_calls?.[0]?.id).toBe("h1");
      expect((result.messages[2] as ToolMessage).tool_call_id).toBe("h1");

      // The receiving agent saw its own prompt, the user and the complete handoff pair.
      const seen = supportModel.calls[0]!.messages;
      expect(seen.map((m) => m.type)).toEqual(["system", "human", "ai", "tool"]);
      expect(seen[0]!.text).toBe("You are a support agent.");
      expect((seen[3] as ToolMessage).tool_call_id).toBe("h1");
      expect((seen[3] as ToolMessage).text).toBe("Transferred to support_agent from sales_agent");
    });
  }

  it("hands back and forth, and the run ends on an AI message without tool calls", async () => {
    const salesModel = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "transfer_to_support", id: "h1" }] },
        "The Pro plan is $20/month.",
      ],
    });
    const supportModel = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "transfer_to_sales", id: "h2" }] }],
    });
    const graph = build(salesModel, supportModel, "wrapper").compile();
    const result = await graph.invoke({
      messages: [{ role: "user", content: "Login broken, and pricing?" }],
    });
    expect(result.activeAgent).toBe("sales_agent");
    expect(result.messages.map((m) => m.type)).toEqual(["human", "ai", "tool", "ai", "tool", "ai"]);
    expect(result.messages.at(-1)).toBeInstanceOf(AIMessage);
    expect((result.messages.at(-1) as AIMessage).tool_calls ?? []).toEqual([]);
    // Sales, called again, sees both handoff pairs in order.
    const second = salesModel.calls[1]!.messages.filter((m) => m.type === "tool") as ToolMessage[];
    expect(second.map((m) => m.tool_call_id)).toEqual(["h1", "h2"]);
  });

  it("with a checkpointer, the next turn starts at the active agent", async () => {
    const salesModel = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "transfer_to_support", id: "h1" }] }],
    });
    const supportModel = new ScriptedChatModel({
      replies: ["Reset your password.", "Glad it works."],
    });
    const graph = build(salesModel, supportModel, "wrapper").compile({
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "login" } };
    await graph.invoke({ messages: [{ role: "user", content: "I can't log in" }] }, config);
    const turn2 = await graph.invoke(
      { messages: [{ role: "user", content: "It works now" }] },
      config,
    );
    expect(salesModel.calls).toHaveLength(1);
    expect(supportModel.calls).toHaveLength(2);
    expect(turn2.messages.at(-1)!.text).toBe("Glad it works.");
    expect(supportModel.calls[1]!.messages.map((m) => m.type)).toEqual([
      "system",
      "human",
      "ai",
      "tool",
      "ai",
      "human",
    ]);
  });

  it("passes only the handoff pair, not the departing agent's inner history", async () => {
    const lookup = tool(async () => "internal notes", {
      name: "lookup",
      description: "Look something up.",
      schema: z.object({}),
    });
    const salesModel = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "lookup", id: "l1" }] },
        { toolCalls: [{ name: "transfer_to_support", id: "h1" }] },
      ],
    });
    const supportModel = new ScriptedChatModel({ replies: ["Support here."] });
    const salesAgent = createAgent({
      model: salesModel,
      tools: [lookup, handoffTool("support_agent", "sales_agent")],
      name: "sales_agent",
    });
    const supportAgent = createAgent({ model: supportModel, tools: [], name: "support_agent" });
    const graph = new StateGraph(MultiAgentState)
      .addNode("sales_agent", async (state: State) => salesAgent.invoke(state))
      .addNode("support_agent", async (state: State) => supportAgent.invoke(state))
      .addEdge(START, "sales_agent")
      .addConditionalEdges("sales_agent", routeAfterAgent, ["support_agent", END])
      .addEdge("support_agent", END)
      .compile();
    const result = await graph.invoke({ messages: [{ role: "user", content: "hi" }] });
    const texts = (messages: readonly BaseMessage[]) => messages.map((m) => m.text);
    expect(texts(result.messages)).not.toContain("internal notes");
    expect(texts(supportModel.calls[0]!.messages)).not.toContain("internal notes");
    expect(supportModel.calls[0]!.messages.map((m) => m.type)).toEqual(["human", "ai", "tool"]);
  });

  it("fails clearly when a handoff runs in an agent that has no parent graph", async () => {
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "transfer_to_support" }] }],
    });
    const agent = createAgent({ model, tools: [handoffTool("support_agent", "sales_agent")] });
    const failure = agent.invoke({ messages: "hi" });
    await expect(failure).rejects.toBeInstanceOf(InvalidGraphError);
    await expect(failure).rejects.toMatchObject({ code: "INVALID_GRAPH" });
  });
});
