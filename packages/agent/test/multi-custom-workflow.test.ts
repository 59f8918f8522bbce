// Seed 003, "# Custom workflow": agents called inside graph nodes, mixed with
// deterministic steps, conditional branches and parallel steps.
import {
  Annotation,
  END,
  MemorySaver,
  MessagesZodState,
  ScriptedChatModel,
  START,
  StateGraph,
} from "@weft/graph";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAgent, tool } from "../src/index.ts";

describe("custom workflow", () => {
  it("basic implementation: a node invokes an agent; only the node's update reaches the workflow", async () => {
    const model = new ScriptedChatModel({ replies: ["42"] });
    const agent = createAgent({ model, tools: [] });
    const State = MessagesZodState.extend({ query: z.string(), answer: z.string().optional() });
    async function agentNode(state: z.infer<typeof State>) {
      const result = await agent.invoke({ messages: [{ role: "user", content: state.query }] });
      return { answer: result.messages.at(-1)?.text };
    }
    const workflow = new StateGraph(State)
      .addNode("agent", agentNode)
      .addEdge(START, "agent")
      .addEdge("agent", END)
      .compile();
    const result = await workflow.invoke({ query: "meaning of life?" });
    expect(result.answer).toBe("42");
    // The agent's conversation stays inside the agent.
    expect(result.messages).toEqual([]);
    expect(model.calls[0]!.messages.map((m) => m.text)).toEqual(["meaning of life?"]);
  });

  it("conditional branch: a deterministic path skips the agent, the agentic path uses it", async () => {
    const model = new ScriptedChatModel({ replies: ["agent answer"], cycle: true });
    const agent = createAgent({ model, tools: [] });
    const State = Annotation.Root({ input: Annotation<string>(), output: Annotation<string>() });
    const workflow = new StateGraph(State)
      .addNode("deterministic", (s: typeof State.State) => ({ output: s.input.toUpperCase() }))
      .addNode("agentic", async (s: typeof State.State) => ({
        output: (await agent.invoke({ messages: s.input })).messages.at(-1)?.text,
      }))
      .addConditionalEdges(
        START,
        (s: typeof State.State) => (s.input.startsWith("/") ? "path_a" : "path_b"),
        {
          path_a: "deterministic",
          path_b: "agentic",
        },
      )
      .addEdge("deterministic", END)
      .addEdge("agentic", END)
      .compile();

    expect((await workflow.invoke({ input: "/shout" })).output).toBe("/SHOUT");
    expect(model.calls).toHaveLength(0);
    expect((await workflow.invoke({ input: "think" })).output).toBe("agent answer");
    expect(model.calls).toHaveLength(1);
  });

  it("RAG pipeline: model step, deterministic retrieval, then an agent with tools over the context", async () => {
    const rewriter = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "extract", args: { query: "finals champion" } }] }],
    });
    const news = tool(async () => "Latest: expanded playoffs in 2025", {
      name: "get_latest_news",
      description: "Get the latest news",
      schema: z.object({ query: z.string() }),
    });
    const agentModel = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "get_latest_news", args: { query: "finals" } }] },
        "Liberty won.",
      ],
    });
    const agent = createAgent({ model: agentModel, tools: [news] });
    const docs = ["finals champion: Liberty beat Lynx", "roster: Aces", "stats: Wilson MVP"];
    const retrievedWith: string[] = [];
    const State = Annotation.Root({
      question: Annotation<string>(),
      rewrittenQuery: Annotation<string>(),
      documents: Annotation<string[]>(),
      answer: Annotation<string>(),
    });
    const workflow = new StateGraph(State)
      .addNode("rewrite", async (s: typeof State.State) => {
        const out = await rewriter.withStructuredOutput(z.object({ query: z.string() })).invoke([
          { role: "system", content: "Rewrite for retrieval." },
          { role: "user", content: s.question },
        ]);
        return { rewrittenQuery: out.query };
      })
      .addNode("retrieve", (s: typeof State.State) => {
        retrievedWith.push(s.rewrittenQuery);
        const words = s.rewrittenQuery.split(" ");
        return { documents: docs.filter((d) => words.some((w) => d.includes(w))) };
      })
      .addNode("agent", async (s: typeof State.State) => {
        const prompt = `Context:\n${s.documents.join("\n\n")}\n\nQuestion: ${s.question}`;
        const r = await agent.invoke({ messages: [{ role: "user", content: prompt }] });
        return { answer: r.messages.at(-1)?.text };
      })
      .addEdge(START, "rewrite")
      .addEdge("rewrite", "retrieve")
      .addEdge("retrieve", "agent")
      .addEdge("agent", END)
      .compile();
    const result = await workflow.invoke({ question: "Who won?" });

    expect(rewriter.calls[0]!.messages.map((m) => m.text)).toEqual([
      "Rewrite for retrieval.",
      "Who won?",
    ]);
    expect(retrievedWith).toEqual(["finals champion"]);
    expect(result.documents).toEqual(["finals champion: Liberty beat Lynx"]);
    expect(agentModel.calls[0]!.messages[0]!.text).toBe(
      "Context:\nfinals champion: Liberty beat Lynx\n\nQuestion: Who won?",
    );
    expect(agentModel.calls[1]!.messages.at(-1)!.text).toBe("Latest: expanded playoffs in 2025");
    expect(result.answer).toBe("Liberty won.");
  });

  it("parallel agent steps join before the next step", async () => {
    const a = createAgent({ model: new ScriptedChatModel({ replies: ["pros"] }), tools: [] });
    const b = createAgent({ model: new ScriptedChatModel({ replies: ["cons"] }), tools: [] });
    const State = Annotation.Root({
      topic: Annotation<string>(),
      parts: Annotation<string[]>({ reducer: (x, y) => x.concat(y), default: () => [] }),
      report: Annotation<string>(),
    });
    const seenAtJoin: string[][] = [];
    const step = (agent: typeof a) => async (s: typeof State.State) => ({
      parts: [(await agent.invoke({ messages: s.topic })).messages.at(-1)?.text ?? ""],
    });
    const workflow = new StateGraph(State)
      .addNode("a", step(a))
      .addNode("b", step(b))
      .addNode("join", (s: typeof State.State) => {
        seenAtJoin.push([...s.parts]);
        return { report: [...s.parts].sort().join(" & ") };
      })
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge(["a", "b"], "join")
      .addEdge("join", END)
      .compile();
    const result = await workflow.invoke({ topic: "remote work" });
    expect(result.report).toBe("cons & pros");
    expect(seenAtJoin.map((p) => [...p].sort())).toEqual([["cons", "pros"]]);
  });

  it("streams the nested agent's tokens and steps under the workflow node's namespace", async () => {
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["hello there"] }),
      tools: [],
    });
    const State = Annotation.Root({ query: Annotation<string>(), answer: Annotation<string>() });
    const workflow = new StateGraph(State)
      .addNode("agent", async (s: typeof State.State) => ({
        answer: (await agent.invoke({ messages: s.query })).messages.at(-1)?.text,
      }))
      .addEdge(START, "agent")
      .addEdge("agent", END)
      .compile({ checkpointer: new MemorySaver() });
    const tokens: string[] = [];
    const updates: string[] = [];
    const stream = await workflow.stream(
      { query: "hi" },
      { configurable: { thread_id: "w" }, streamMode: ["messages", "updates"], subgraphs: true },
    );
    for await (const [namespace, mode, data] of stream as AsyncIterable<
      [string[], string, unknown]
    >) {
      const where = namespace.map((n) => n.split(":")[0]).join("/") || "root";
      if (mode === "messages")
        tokens.push(`${where}:${String((data as [{ content: unknown }])[0].content)}`);
      else updates.push(`${where}:${Object.keys(data as object).join(",")}`);
    }
    expect(tokens).toEqual(["agent:hello", "agent: there"]);
    expect(updates).toEqual(["agent:model_request", "root:agent"]);
  });
});
