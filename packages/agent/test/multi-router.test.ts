// Seed 003, "# Router": a routing step classifies the input and dispatches it to
// specialised agents — one with Command({ goto }), several in parallel with Send — then
// the answers are merged. Stateless, and stateful (tool wrapper; full persistence).
import {
  Annotation,
  Command,
  END,
  MemorySaver,
  MessagesAnnotation,
  ScriptedChatModel,
  Send,
  START,
  StateGraph,
} from "@weft/graph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AIMessage, createAgent, HumanMessage, tool } from "../src/index.ts";

type Source = "github" | "notion" | "slack";
const SOURCES: Source[] = ["github", "notion", "slack"];

/** One scripted agent per source; each answers "<source> on <query>". */
function verticalAgents() {
  const models = Object.fromEntries(
    SOURCES.map((s) => [
      s,
      new ScriptedChatModel({
        replies: [(call) => `${s} on ${call.messages.at(-1)?.text}`],
        cycle: true,
      }),
    ]),
  ) as Record<Source, ScriptedChatModel>;
  const agents = Object.fromEntries(
    SOURCES.map((s) => [
      s,
      createAgent({ model: models[s], systemPrompt: `You search ${s}.`, name: s }),
    ]),
  ) as Record<Source, ReturnType<typeof createAgent>>;
  return { models, agents };
}

const State = Annotation.Root({
  query: Annotation<string>(),
  classifications: Annotation<{ agent: Source; query: string }[]>(),
  results: Annotation<{ source: string; result: string }[]>({
    reducer: (a, b) => a.concat(b),
    default: () => [],
  }),
  finalAnswer: Annotation<string>(),
});
const AgentInput = Annotation.Root({ query: Annotation<string>() });

function parallelRouter(
  routerModel: ScriptedChatModel,
  agents: Record<Source, ReturnType<typeof createAgent>>,
  synthesizeCalls: string[][] = [],
) {
  const Classifications = z.object({
    classifications: z.array(
      z.object({ agent: z.enum(["github", "notion", "slack"]), query: z.string() }),
    ),
  });
  const agentNode = (source: Source) => async (input: typeof AgentInput.State) => {
    const result = await agents[source].invoke({
      messages: [{ role: "user", content: input.query }],
    });
    return { results: [{ source, result: result.messages.at(-1)?.text ?? "" }] };
  };
  return (
    new StateGraph(State)
      .addNode("classify", async (state: typeof State.State) => {
        const out = await routerModel.withStructuredOutput(Classifications).invoke([
          { role: "system", content: "Pick the sources." },
          { role: "user", content: state.query },
        ]);
        return { classifications: out.classifications };
      })
      .addNode("github", agentNode("github"), { input: AgentInput })
      .addNode("notion", agentNode("notion"), { input: AgentInput })
      .addNode("slack", agentNode("slack"), { input: AgentInput })
      .addNode("synthesize", (state: typeof State.State) => {
        synthesizeCalls.push(state.results.map((r) => r.source));
        const ordered = [...state.results].sort((a, b) => a.source.localeCompare(b.source));
        return { finalAnswer: ordered.map((r) => r.result).join("\n") };
      })
      // One edge per source, not a join: only the classified sources run.
      .addEdge("github", "synthesize")
      .addEdge("notion", "synthesize")
      .addEdge("slack", "synthesize")
      .addEdge(START, "classify")
      .addConditionalEdges(
        "classify",
        (state: typeof State.State) =>
          state.classifications.map((c) => new Send(c.agent, { query: c.query })),
        ["github", "notion", "slack"],
      )
      .addEdge("synthesize", END)
      .compile()
  );
}

function classification(...pairs: [Source, string][]) {
  return {
    toolCalls: [
      {
        name: "extract",
        args: { classifications: pairs.map(([agent, query]) => ({ agent, query })) },
      },
    ],
  };
}

describe("router: parallel fan-out with Send", () => {
  it("invokes only the classified agents, each with its own query, and merges once", async () => {
    const { models, agents } = verticalAgents();
    const routerModel = new ScriptedChatModel({
      replies: [classification(["github", "auth code"], ["slack", "auth outage"])],
    });
    const synthesized: string[][] = [];
    const workflow = parallelRouter(routerModel, agents, synthesized);
    const result = await workflow.invoke({ query: "Why did auth break?" });

    expect(models.github.calls.map((c) => c.messages.map((m) => m.text))).toEqual([
      ["You search github.", "auth code"],
    ]);
    expect(models.slack.calls.map((c) => c.messages.map((m) => m.text))).toEqual([
      ["You search slack.", "auth outage"],
    ]);
    expect(models.notion.calls).toHaveLength(0);
    // Both branches finished before the single synthesis step ran.
    expect(synthesized).toHaveLength(1);
    expect([...synthesized[0]!].sort()).toEqual(["github", "slack"]);
    expect(result.finalAnswer).toBe("github on auth code\nslack on auth outage");
  });

  it("the same agent can be sent several sub-queries in one fan-out", async () => {
    const { models, agents } = verticalAgents();
    const routerModel = new ScriptedChatModel({
      replies: [classification(["notion", "pricing page"], ["notion", "refund policy"])],
    });
    const result = await parallelRouter(routerModel, agents).invoke({
      query: "pricing and refunds",
    });
    expect(models.notion.calls.map((c) => c.messages.at(-1)?.text).sort()).toEqual([
      "pricing page",
      "refund policy",
    ]);
    expect(result.results.map((r) => r.result).sort()).toEqual([
      "notion on pricing page",
      "notion on refund policy",
    ]);
  });

  it("is stateless: a second request does not see the first", async () => {
    const { models, agents } = verticalAgents();
    const routerModel = new ScriptedChatModel({
      replies: [classification(["github", "first"]), classification(["github", "second"])],
    });
    const workflow = parallelRouter(routerModel, agents);
    await workflow.invoke({ query: "q1" });
    const second = await workflow.invoke({ query: "q2" });
    expect(second.results).toEqual([{ source: "github", result: "github on second" }]);
    expect(routerModel.calls[1]!.messages.map((m) => m.text)).toEqual(["Pick the sources.", "q2"]);
    expect(models.github.calls[1]!.messages.map((m) => m.text)).toEqual([
      "You search github.",
      "second",
    ]);
  });
});

describe("router: single agent with Command({ goto })", () => {
  it("routes to exactly the classified agent", async () => {
    const { models, agents } = verticalAgents();
    const RouteState = Annotation.Root({
      query: Annotation<string>(),
      answer: Annotation<string>(),
    });
    const classifyQuery = (query: string): { query: string; agent: Source } =>
      query.includes("PR") ? { query, agent: "github" } : { query, agent: "notion" };
    const answerWith = (source: Source) => async (state: typeof RouteState.State) => {
      const r = await agents[source].invoke({ messages: [{ role: "user", content: state.query }] });
      return { answer: r.messages.at(-1)?.text };
    };
    const graph = new StateGraph(RouteState)
      .addNode(
        "router",
        (state: typeof RouteState.State) => new Command({ goto: classifyQuery(state.query).agent }),
        { ends: ["github", "notion", "slack"] },
      )
      .addNode("github", answerWith("github"))
      .addNode("notion", answerWith("notion"))
      .addNode("slack", answerWith("slack"))
      .addEdge(START, "router")
      .addEdge("github", END)
      .addEdge("notion", END)
      .addEdge("slack", END)
      .compile();

    expect((await graph.invoke({ query: "Which PR changed auth?" })).answer).toBe(
      "github on Which PR changed auth?",
    );
    expect((await graph.invoke({ query: "Where is the style guide?" })).answer).toBe(
      "notion on Where is the style guide?",
    );
    expect(models.github.calls).toHaveLength(1);
    expect(models.notion.calls).toHaveLength(1);
    expect(models.slack.calls).toHaveLength(0);
  });
});

describe("router: stateful", () => {
  it("tool wrapper: the conversational agent keeps history, the router stays stateless", async () => {
    const { agents } = verticalAgents();
    const routerModel = new ScriptedChatModel({
      replies: [
        classification(["slack", "deploy freeze"]),
        classification(["github", "release tag"]),
      ],
    });
    const workflow = parallelRouter(routerModel, agents);
    const searchDocs = tool(
      async ({ query }: { query: string }) => (await workflow.invoke({ query })).finalAnswer,
      {
        name: "search_docs",
        description: "Search across multiple documentation sources",
        schema: z.object({ query: z.string().describe("The search query") }),
      },
    );
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "search_docs", args: { query: "deploy freeze?" } }] },
        "Freeze starts Friday.",
        { toolCalls: [{ name: "search_docs", args: { query: "which tag?" } }] },
        "Tag v2.1.",
      ],
    });
    const conversationalAgent = createAgent({
      model,
      tools: [searchDocs],
      systemPrompt: "You are a helpful assistant. Use search_docs to answer questions.",
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "chat" } };
    await conversationalAgent.invoke({ messages: "Can I deploy?" }, config);
    const turn2 = await conversationalAgent.invoke({ messages: "What do I release?" }, config);

    expect(turn2.messages.map((m) => m.type)).toEqual([
      "human",
      "ai",
      "tool",
      "ai",
      "human",
      "ai",
      "tool",
      "ai",
    ]);
    expect(turn2.messages[6]!.text).toBe("github on release tag");
    // The conversational agent saw the first turn; the router saw only the new query.
    expect(model.calls[2]!.messages.map((m) => m.text)).toContain("Freeze starts Friday.");
    expect(routerModel.calls[1]!.messages.map((m) => m.text)).toEqual([
      "Pick the sources.",
      "which tag?",
    ]);
  });

  it("full persistence: the router keeps history and passes selected turns to the agent", async () => {
    const { models, agents } = verticalAgents();
    const ChatState = Annotation.Root({
      ...MessagesAnnotation.spec,
      route: Annotation<Source>(),
    });
    const graph = new StateGraph(ChatState)
      .addNode("route", (state: typeof ChatState.State) => {
        const text = state.messages.at(-1)?.text ?? "";
        return { route: text.includes("code") ? "github" : "slack" };
      })
      .addNode("answer", async (state: typeof ChatState.State) => {
        // Context engineering: the agent gets the user's turns and the router's
        // synthesized answers, the last two messages before the new question.
        const recent = state.messages.slice(-3);
        const r = await agents[state.route].invoke({ messages: recent });
        return { messages: [new AIMessage(r.messages.at(-1)?.text ?? "")] };
      })
      .addEdge(START, "route")
      .addEdge("route", "answer")
      .addEdge("answer", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "router-memory" } };
    await graph.invoke({ messages: [new HumanMessage("any news on slack?")] }, config);
    const turn2 = await graph.invoke({ messages: [new HumanMessage("and in the code?")] }, config);

    expect(turn2.messages.map((m) => m.text)).toEqual([
      "any news on slack?",
      "slack on any news on slack?",
      "and in the code?",
      "github on and in the code?",
    ]);
    // The second agent got the earlier turn from the router's history.
    expect(models.github.calls[0]!.messages.map((m) => m.text)).toEqual([
      "You search github.",
      "any news on slack?",
      "slack on any news on slack?",
      "and in the code?",
    ]);
  });
});
