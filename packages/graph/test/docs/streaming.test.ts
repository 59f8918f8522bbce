// Seed 003, "# Streaming": the documented programs, imported from Weft. The messages-mode
// examples (joke, tags, node filter) are covered in src/models/messages-mode.test.ts.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  END,
  type GraphNode,
  type LangGraphRunnableConfig,
  MessagesValue,
  START,
  StateGraph,
  StateSchema,
  ToolMessage,
  tool,
} from "../../src/index.ts";
import { ToolNode } from "../../src/prebuilt/index.ts";

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

// "Stream graph state" / "Extended example: streaming updates"
function jokeGraph() {
  const State = new StateSchema({
    topic: z.string(),
    joke: z.string(),
  });
  return new StateGraph(State)
    .addNode("refineTopic", (state) => {
      return { topic: `${state.topic} and cats` };
    })
    .addNode("generateJoke", (state) => {
      return { joke: `This is a joke about ${state.topic}` };
    })
    .addEdge(START, "refineTopic")
    .addEdge("refineTopic", "generateJoke")
    .addEdge("generateJoke", END);
}

describe("Streaming: stream graph state", () => {
  it('streamMode "updates" yields each node\'s update (extended example)', async () => {
    const graph = jokeGraph().compile();
    const chunks = await collect(
      await graph.stream({ topic: "ice cream" }, { streamMode: "updates" }),
    );
    expect(chunks).toEqual([
      { refineTopic: { topic: "ice cream and cats" } },
      { generateJoke: { joke: "This is a joke about ice cream and cats" } },
    ]);
  });

  it('streamMode "values" yields the full state after each step', async () => {
    const graph = jokeGraph().compile();
    const chunks = await collect(
      await graph.stream({ topic: "ice cream" }, { streamMode: "values" }),
    );
    expect(chunks).toEqual([
      { topic: "ice cream" },
      { topic: "ice cream and cats" },
      { topic: "ice cream and cats", joke: "This is a joke about ice cream and cats" },
    ]);
  });

  it("several modes yield [mode, chunk] tuples", async () => {
    const State = new StateSchema({ topic: z.string(), joke: z.string() });
    const graph = new StateGraph(State)
      .addNode("refineTopic", (state, config) => {
        config.writer?.({ progress: "refining" });
        return { topic: `${state.topic} and cats` };
      })
      .addNode("generateJoke", (state) => ({ joke: `This is a joke about ${state.topic}` }))
      .addEdge(START, "refineTopic")
      .addEdge("refineTopic", "generateJoke")
      .compile();
    const pairs = await collect(
      await graph.stream({ topic: "ice cream" }, { streamMode: ["updates", "custom"] }),
    );
    expect(pairs).toEqual([
      ["custom", { progress: "refining" }],
      ["updates", { refineTopic: { topic: "ice cream and cats" } }],
      ["updates", { generateJoke: { joke: "This is a joke about ice cream and cats" } }],
    ]);
  });

  it('streamMode "debug" reports each task with its node name, input and result', async () => {
    const graph = jokeGraph().compile();
    const chunks: any[] = await collect(
      await graph.stream({ topic: "ice cream" }, { streamMode: "debug" }),
    );
    const tasks = chunks.filter((c) => c.type === "task");
    const results = chunks.filter((c) => c.type === "task_result");
    expect(tasks.map((c) => [c.step, c.payload.name])).toEqual([
      [1, "refineTopic"],
      [2, "generateJoke"],
    ]);
    expect(tasks[1].payload.input).toEqual({ topic: "ice cream and cats" });
    expect(results.map((c) => [c.step, c.payload.name, c.payload.result])).toEqual([
      [1, "refineTopic", { topic: "ice cream and cats" }],
      [2, "generateJoke", { joke: "This is a joke about ice cream and cats" }],
    ]);
  });
});

describe("Streaming: subgraph outputs", () => {
  it("subgraphs: true yields [namespace, update] from the parent and the subgraph node", async () => {
    const SubgraphState = new StateSchema({
      foo: z.string(), // shared with the parent
      bar: z.string(),
    });
    const subgraph = new StateGraph(SubgraphState)
      .addNode("subgraphNode1", () => {
        return { bar: "bar" };
      })
      .addNode("subgraphNode2", (state) => {
        return { foo: state.foo + state.bar };
      })
      .addEdge(START, "subgraphNode1")
      .addEdge("subgraphNode1", "subgraphNode2")
      .compile();

    const ParentState = new StateSchema({ foo: z.string() });
    const graph = new StateGraph(ParentState)
      .addNode("node1", (state) => {
        return { foo: `hi! ${state.foo}` };
      })
      .addNode("node2", subgraph)
      .addEdge(START, "node1")
      .addEdge("node1", "node2")
      .compile();

    const chunks = (await collect(
      await graph.stream({ foo: "foo" }, { streamMode: "updates", subgraphs: true }),
    )) as [string[], unknown][];
    expect(chunks.map(([, update]) => update)).toEqual([
      { node1: { foo: "hi! foo" } },
      { subgraphNode1: { bar: "bar" } },
      { subgraphNode2: { foo: "hi! foobar" } },
      { node2: { foo: "hi! foobar" } },
    ]);
    const namespaces = chunks.map(([namespace]) => namespace);
    expect(namespaces[0]).toEqual([]);
    expect(namespaces[1]).toHaveLength(1);
    expect(namespaces[1]![0]).toMatch(/^node2:[0-9a-f-]{36}$/);
    expect(namespaces[2]).toEqual(namespaces[1]);
    expect(namespaces[3]).toEqual([]);
  });
});

describe("Streaming: custom data", () => {
  it("a node emits custom data with config.writer", async () => {
    const State = new StateSchema({
      query: z.string(),
      answer: z.string(),
    });
    const node: GraphNode<typeof State> = async (_state, config) => {
      config.writer?.({ custom_key: "Generating custom data inside node" });
      return { answer: "some data" };
    };
    const graph = new StateGraph(State).addNode("node", node).addEdge(START, "node").compile();
    const chunks = await collect(
      await graph.stream({ query: "example" }, { streamMode: "custom" }),
    );
    expect(chunks).toEqual([{ custom_key: "Generating custom data inside node" }]);
  });

  it("a tool emits progress with config.writer when a graph runs it", async () => {
    const queryDatabase = tool(
      async (_input, config: LangGraphRunnableConfig) => {
        config.writer?.({ data: "Retrieved 0/100 records", type: "progress" });
        // perform query
        config.writer?.({ data: "Retrieved 100/100 records", type: "progress" });
        return "some-answer";
      },
      {
        name: "query_database",
        description: "Query the database.",
        schema: z.object({
          query: z.string().describe("The query to execute."),
        }),
      },
    );
    const graph = new StateGraph(new StateSchema({ messages: MessagesValue }))
      .addNode("tools", new ToolNode([queryDatabase]))
      .addEdge(START, "tools")
      .compile();
    const inputs = {
      messages: [
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "call_1", name: "query_database", args: { query: "all users" } }],
        },
      ],
    };
    const pairs = await collect(await graph.stream(inputs, { streamMode: ["custom", "updates"] }));
    expect(pairs).toEqual([
      ["custom", { data: "Retrieved 0/100 records", type: "progress" }],
      ["custom", { data: "Retrieved 100/100 records", type: "progress" }],
      ["updates", { tools: { messages: [expect.any(ToolMessage)] } }],
    ]);
    const [, update] = pairs[2] as [string, { tools: { messages: ToolMessage[] } }];
    expect(update.tools.messages[0]).toMatchObject({
      content: "some-answer",
      tool_call_id: "call_1",
      name: "query_database",
    });
  });
});

describe("Streaming: use with any LLM", () => {
  // Stands in for a provider SDK's token stream.
  async function* yourCustomStreamingClient(topic: string | undefined) {
    for (const token of ["Cats ", "purr ", `(${topic ?? "no topic"})`]) yield token;
  }

  it("a node forwards any client's tokens to the custom stream", async () => {
    const State = new StateSchema({ result: z.string() });
    const callArbitraryModel: GraphNode<typeof State> = async (state, config) => {
      // `topic` is not a state key: the documented input carries it, the state drops it.
      for await (const chunk of yourCustomStreamingClient((state as { topic?: string }).topic)) {
        config.writer?.({ custom_llm_chunk: chunk });
      }
      return { result: "completed" };
    };
    const graph = new StateGraph(State)
      .addNode("callArbitraryModel", callArbitraryModel)
      .addEdge(START, "callArbitraryModel")
      .compile();
    const chunks = await collect(
      await graph.stream({ topic: "cats" } as never, { streamMode: "custom" }),
    );
    expect(chunks).toEqual([
      { custom_llm_chunk: "Cats " },
      { custom_llm_chunk: "purr " },
      { custom_llm_chunk: "(no topic)" },
    ]);
  });

  it("a tool streams a raw client's tokens while the graph runs it (extended example)", async () => {
    // Replaces the OpenAI SDK stream: same { role, content } deltas.
    async function* streamTokens(_modelName: string, messages: { content: string }[]) {
      expect(messages[0]!.content).toContain("'bedroom'");
      for (const content of ["bed", ", lamp", ", pillow"]) yield { role: "assistant", content };
    }
    const getItems = tool(
      async (input, config: LangGraphRunnableConfig) => {
        let response = "";
        for await (const msgChunk of streamTokens("gpt-4o-mini", [
          {
            content: `Can you tell me what kind of items i might find in the following place: '${input.place}'. List at least 3 such items separating them by a comma. And include a brief description of each item.`,
          },
        ])) {
          response += msgChunk.content;
          config.writer?.(msgChunk);
        }
        return response;
      },
      {
        name: "get_items",
        description: "Use this tool to list items one might find in a place you're asked about.",
        schema: z.object({
          place: z.string().describe("The place to look up items for."),
        }),
      },
    );
    const State = new StateSchema({ messages: MessagesValue });
    const callTool: GraphNode<typeof State> = async (state, config) => {
      const aiMessage = state.messages.at(-1) as { tool_calls?: any[] };
      const toolCall = aiMessage.tool_calls?.at(-1);
      // The docs read `toolCall.function.name` / `.arguments`: the OpenAI wire format. Both
      // LangGraph.js and Weft turn the input's OpenAI-style tool call into { name, args, id },
      // so the program reads those fields instead (the docs' accessors fail on the peer too).
      const functionName = toolCall?.name;
      if (functionName !== "get_items") {
        throw new Error(`Tool ${functionName} not supported`);
      }
      // `as string`: Weft types a tool's invoke() result as unknown (LangGraph.js infers
      // the function's return type), so the docs' `content: functionResponse` needs it.
      const functionResponse = (await getItems.invoke(toolCall.args, config)) as string;
      const toolMessage = {
        tool_call_id: toolCall.id,
        role: "tool",
        name: functionName,
        content: functionResponse,
      };
      return { messages: [toolMessage] };
    };
    const graph = new StateGraph(State)
      .addNode("callTool", callTool)
      .addEdge(START, "callTool")
      .compile();

    const inputs = {
      messages: [
        {
          content: null,
          role: "assistant",
          tool_calls: [
            {
              id: "1",
              function: { arguments: '{"place":"bedroom"}', name: "get_items" },
              type: "function",
            },
          ],
        },
      ],
    };
    const chunks: any[] = await collect(
      await graph.stream(inputs as never, { streamMode: "custom" }),
    );
    expect(chunks.map((chunk) => `${chunk.content}|`)).toEqual(["bed|", ", lamp|", ", pillow|"]);
    const state = await graph.invoke(inputs as never);
    expect(state.messages.at(-1)).toMatchObject({
      type: "tool",
      content: "bed, lamp, pillow",
      tool_call_id: "1",
      name: "get_items",
    });
  });
});
