// Seed 003, "# Memory": short-term memory (checkpointer), long-term memory (store),
// semantic search, deleting and summarizing messages, managing checkpoints. Provider models
// are ScriptedChatModels; OpenAIEmbeddings is HashingEmbeddings; the Postgres saver and store
// of the production examples are MemorySaver / InMemoryStore (the graph code is the same).
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  type BaseMessage,
  END,
  type GraphNode,
  HashingEmbeddings,
  HumanMessage,
  InMemoryStore,
  MemorySaver,
  MessagesValue,
  RemoveMessage,
  ScriptedChatModel,
  START,
  StateGraph,
  StateSchema,
  type StateSnapshot,
  SystemMessage,
} from "../../src/index.ts";

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

/** A model that knows the user's name when any message it receives mentions Bob. */
function nameAwareModel() {
  return new ScriptedChatModel({
    replies: [
      ({ messages }) => {
        const last = messages.at(-1)!.text;
        const knowsBob = messages.some((m) => /bob/i.test(m.text));
        if (/name\?$/.test(last)) return knowsBob ? "Your name is Bob." : "I don't know your name.";
        return "Hi Bob! How are you doing today?";
      },
    ],
    cycle: true,
  });
}

describe("Memory: short-term memory", () => {
  it("a checkpointer keeps the conversation of a thread (the production example's graph)", async () => {
    const State = new StateSchema({ messages: MessagesValue });
    const model = nameAwareModel();
    const checkpointer = new MemorySaver();
    const callModel: GraphNode<typeof State> = async (state) => {
      const response = await model.invoke(state.messages);
      return { messages: [response] };
    };
    const graph = new StateGraph(State)
      .addNode("call_model", callModel)
      .addEdge(START, "call_model")
      .compile({ checkpointer });
    const config = { configurable: { thread_id: "1" } };

    const first = await collect(
      await graph.stream(
        { messages: [{ role: "user", content: "hi! I'm bob" }] },
        { ...config, streamMode: "values" },
      ),
    );
    expect(first.map((chunk) => chunk.messages.at(-1)?.content)).toEqual([
      "hi! I'm bob",
      "Hi Bob! How are you doing today?",
    ]);
    const second = await collect(
      await graph.stream(
        { messages: [{ role: "user", content: "what's my name?" }] },
        { ...config, streamMode: "values" },
      ),
    );
    expect(second.map((chunk) => chunk.messages.at(-1)?.content)).toEqual([
      "what's my name?",
      "Your name is Bob.",
    ]);
    // The second call saw the whole history.
    expect(model.calls[1]!.messages.map((m) => m.type)).toEqual(["human", "ai", "human"]);

    const other = await graph.invoke(
      { messages: [{ role: "user", content: "what's my name?" }] },
      { configurable: { thread_id: "2" } },
    );
    expect(other.messages.at(-1)?.content).toBe("I don't know your name.");
  });

  it("a subgraph uses the parent's checkpointer without its own", async () => {
    const State = new StateSchema({ foo: z.string() });
    const subgraph = new StateGraph(State)
      .addNode("subgraph_node_1", (state) => {
        return { foo: `${state.foo}bar` };
      })
      .addEdge(START, "subgraph_node_1")
      .compile();
    const checkpointer = new MemorySaver();
    const graph = new StateGraph(State)
      .addNode("node_1", subgraph)
      .addEdge(START, "node_1")
      .compile({ checkpointer });
    const config = { configurable: { thread_id: "sub-1" } };

    expect(await graph.invoke({ foo: "foo" }, config)).toEqual({ foo: "foobar" });
    // The subgraph's checkpoints were written to the parent's saver, in its own namespace.
    const namespaces = new Set<string>();
    for await (const tuple of checkpointer.list({ configurable: { thread_id: "sub-1" } })) {
      namespaces.add(tuple.config.configurable?.checkpoint_ns as string);
    }
    expect([...namespaces].sort()).toEqual(["", expect.stringMatching(/^node_1:[0-9a-f-]{36}$/)]);
  });

  it("compile({ checkpointer: true }) gives a subgraph its own memory across calls", async () => {
    const State = new StateSchema({ messages: MessagesValue });
    const subgraph = new StateGraph(State)
      .addNode("count", (state) => ({
        messages: [{ role: "assistant", content: `seen ${state.messages.length}` }],
      }))
      .addEdge(START, "count")
      .compile({ checkpointer: true });
    const Parent = new StateSchema({ turns: z.array(z.string()).default([]) });
    const graph = new StateGraph(Parent)
      .addNode("agent", async (state) => {
        const result = await subgraph.invoke({ messages: [{ role: "user", content: "hi" }] });
        return { turns: [...state.turns, result.messages.at(-1)!.text] };
      })
      .addEdge(START, "agent")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "own-memory" } };
    await graph.invoke({}, config);
    const second = await graph.invoke({}, config);
    // The subgraph remembered its first exchange: 1 message, then 3.
    expect(second.turns).toEqual(["seen 1", "seen 3"]);
  });
});

describe("Memory: long-term memory", () => {
  it("nodes read and write the store passed at compile time, across threads", async () => {
    const State = new StateSchema({ messages: MessagesValue });
    const model = new ScriptedChatModel({
      replies: [
        ({ messages }) => {
          const system = messages[0]!.text;
          return system.includes("User name is Bob") ? "Your name is Bob." : "Nice to meet you!";
        },
      ],
      cycle: true,
    });
    const store = new InMemoryStore();
    const checkpointer = new MemorySaver();

    const callModel: GraphNode<typeof State> = async (state, config) => {
      const userId = config.configurable?.userId as string;
      const namespace = ["memories", userId];
      const memories = await config.store?.search(namespace, {
        query: state.messages.at(-1)?.text,
      });
      const info = memories?.map((d) => d.value.data).join("\n") || "";
      const systemMsg = `You are a helpful assistant talking to the user. User info: ${info}`;

      // Store new memories if the user asks the model to remember
      const lastMessage = state.messages.at(-1);
      if (lastMessage?.text.toLowerCase().includes("remember")) {
        const memory = "User name is Bob";
        await config.store?.put(namespace, crypto.randomUUID(), { data: memory });
      }

      const response = await model.invoke([
        { role: "system", content: systemMsg },
        ...state.messages,
      ]);
      return { messages: [response] };
    };
    const graph = new StateGraph(State)
      .addNode("call_model", callModel)
      .addEdge(START, "call_model")
      .compile({ checkpointer, store });

    const config = { configurable: { thread_id: "1", userId: "1" } };
    const first = await collect(
      await graph.stream(
        { messages: [{ role: "user", content: "Hi! Remember: my name is Bob" }] },
        { ...config, streamMode: "values" },
      ),
    );
    expect(first.map((chunk) => chunk.messages.at(-1)?.content)).toEqual([
      "Hi! Remember: my name is Bob",
      "Nice to meet you!",
    ]);

    const config2 = { configurable: { thread_id: "2", userId: "1" } };
    const second = await collect(
      await graph.stream(
        { messages: [{ role: "user", content: "what is my name?" }] },
        { ...config2, streamMode: "values" },
      ),
    );
    expect(second.map((chunk) => chunk.messages.at(-1)?.content)).toEqual([
      "what is my name?",
      "Your name is Bob.",
    ]);
    expect(model.calls[1]!.messages[0]).toMatchObject({
      type: "system",
      content: "You are a helpful assistant talking to the user. User info: User name is Bob",
    });
    const saved = await store.search(["memories", "1"]);
    expect(saved.map((item) => item.value)).toEqual([{ data: "User name is Bob" }]);
  });

  it("semantic search: the store ranks memories by similarity to the query", async () => {
    const embeddings = new HashingEmbeddings({ dims: 1536 });
    const store = new InMemoryStore({
      index: {
        embeddings,
        dims: 1536,
      },
    });
    await store.put(["user_123", "memories"], "1", { text: "I love pizza" });
    await store.put(["user_123", "memories"], "2", { text: "I am a plumber" });

    const items = await store.search(["user_123", "memories"], {
      query: "I'm hungry",
      limit: 1,
    });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      key: "1",
      namespace: ["user_123", "memories"],
      value: { text: "I love pizza" },
      score: expect.any(Number),
    });
  });

  it("semantic search inside a node, streaming the reply's tokens", async () => {
    const State = new StateSchema({ messages: MessagesValue });
    const model = new ScriptedChatModel({
      replies: [
        ({ messages }) =>
          messages[0]!.text.includes("I love pizza") ? "How about a pizza?" : "Eat something.",
      ],
    });
    const store = new InMemoryStore({
      index: { embeddings: new HashingEmbeddings({ dims: 1536 }), dims: 1536 },
    });
    await store.put(["user_123", "memories"], "1", { text: "I love pizza" });
    await store.put(["user_123", "memories"], "2", { text: "I am a plumber" });

    const chat: GraphNode<typeof State> = async (state, config) => {
      const items = await config.store!.search(["user_123", "memories"], {
        query: state.messages.at(-1)?.text,
        limit: 2,
      });
      const memories = items.map((item) => item.value.text).join("\n");
      const memoriesText = memories ? `## Memories of user\n${memories}` : "";
      const response = await model.invoke([
        { role: "system", content: `You are a helpful assistant.\n${memoriesText}` },
        ...state.messages,
      ]);
      return { messages: [response] };
    };
    const graph = new StateGraph(State)
      .addNode("chat", chat)
      .addEdge(START, "chat")
      .compile({ store });

    const printed: unknown[] = [];
    for await (const [message] of (await graph.stream(
      { messages: [{ role: "user", content: "I'm hungry" }] },
      { streamMode: "messages" },
    )) as AsyncIterable<[BaseMessage, unknown]>) {
      if (message.content) printed.push(message.content);
    }
    expect(printed.join("")).toBe("How about a pizza?");
    expect(printed.length).toBeGreaterThan(1); // token by token
    expect(model.calls[0]!.messages[0]!.text).toBe(
      "You are a helpful assistant.\n## Memories of user\nI love pizza\nI am a plumber",
    );
  });
});

describe("Memory: manage short-term memory", () => {
  it("delete messages with RemoveMessage (full example, documented output)", async () => {
    const State = new StateSchema({ messages: MessagesValue });
    const model = new ScriptedChatModel({
      replies: [
        "Hi Bob! How are you doing today? Is there anything I can help you with?",
        "Your name is Bob.",
      ],
    });
    const deleteMessages: GraphNode<typeof State> = (state) => {
      const messages = state.messages;
      if (messages.length > 2) {
        // remove the earliest two messages
        return { messages: messages.slice(0, 2).map((m) => new RemoveMessage({ id: m.id! })) };
      }
      return {};
    };
    const callModel: GraphNode<typeof State> = async (state) => {
      const response = await model.invoke(state.messages);
      return { messages: [response] };
    };
    const app = new StateGraph(State)
      .addNode("call_model", callModel)
      .addNode("delete_messages", deleteMessages)
      .addEdge(START, "call_model")
      .addEdge("call_model", "delete_messages")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "1" } };

    const printed: [string, unknown][][] = [];
    for (const content of ["hi! I'm bob", "what's my name?"]) {
      for await (const event of await app.stream(
        { messages: [{ role: "user", content }] },
        { ...config, streamMode: "values" },
      )) {
        // Typed by hand: Weft's stream() yields `any` chunks (the docs' code relies on
        // LangGraph.js typing the chunk from streamMode).
        printed.push(
          event.messages.map((message: BaseMessage) => [message.getType(), message.content]),
        );
      }
    }
    const hi: [string, unknown] = ["human", "hi! I'm bob"];
    const hello: [string, unknown] = [
      "ai",
      "Hi Bob! How are you doing today? Is there anything I can help you with?",
    ];
    const ask: [string, unknown] = ["human", "what's my name?"];
    const answer: [string, unknown] = ["ai", "Your name is Bob."];
    // The documented output: a step that changes nothing (the first delete) prints nothing.
    expect(printed).toEqual([
      [hi],
      [hi, hello],
      [hi, hello, ask],
      [hi, hello, ask, answer],
      [ask, answer],
    ]);
  });

  it("summarize messages once the history grows past six (full example)", async () => {
    const memory = new MemorySaver();
    const GraphState = new StateSchema({
      messages: MessagesValue,
      summary: z.string().default(""),
    });
    const model = new ScriptedChatModel({
      replies: [
        ({ messages }) => {
          const last = messages.at(-1)!.text;
          if (last.startsWith("Create a summary")) return "The user is Bob; he likes cats.";
          if (last.startsWith("This is summary")) return "Bob likes cats and dogs.";
          return `reply ${messages.filter((m) => m.type === "human").length}`;
        },
      ],
      cycle: true,
    });

    const callModel: GraphNode<typeof GraphState> = async (state) => {
      const { summary } = state;
      let { messages } = state;
      if (summary) {
        const systemMessage = new SystemMessage({
          id: crypto.randomUUID(),
          content: `Summary of conversation earlier: ${summary}`,
        });
        messages = [systemMessage, ...messages];
      }
      const response = await model.invoke(messages);
      return { messages: [response] };
    };
    // The docs type this with `ConditionalEdgeRouter<typeof GraphState, "summarize_conversation">`.
    const shouldContinue = (state: typeof GraphState.State) => {
      const messages = state.messages;
      if (messages.length > 6) {
        return "summarize_conversation";
      }
      return END;
    };
    const summarizeConversation: GraphNode<typeof GraphState> = async (state) => {
      const { summary, messages } = state;
      let summaryMessage: string;
      if (summary) {
        summaryMessage =
          `This is summary of the conversation to date: ${summary}\n\n` +
          "Extend the summary by taking into account the new messages above:";
      } else {
        summaryMessage = "Create a summary of the conversation above:";
      }
      const allMessages = [
        ...messages,
        new HumanMessage({ id: crypto.randomUUID(), content: summaryMessage }),
      ];
      const response = await model.invoke(allMessages);
      const deleteMessages = messages.slice(0, -2).map((m) => new RemoveMessage({ id: m.id! }));
      if (typeof response.content !== "string") {
        throw new Error("Expected a string response from the model");
      }
      return { summary: response.content, messages: deleteMessages };
    };

    const app = new StateGraph(GraphState)
      .addNode("conversation", callModel)
      .addNode("summarize_conversation", summarizeConversation)
      .addEdge(START, "conversation")
      .addConditionalEdges("conversation", shouldContinue)
      .addEdge("summarize_conversation", END)
      .compile({ checkpointer: memory });

    const config = { configurable: { thread_id: crypto.randomUUID() } };
    const say = (content: string) => app.invoke({ messages: [new HumanMessage(content)] }, config);
    await say("hi! I'm bob");
    await say("I like cats");
    const third = await say("and dogs");
    expect(third.messages).toHaveLength(6);
    expect(third.summary).toBe("");

    const fourth = await say("what's my name?");
    // 8 messages > 6: summarized, only the last two kept.
    expect(fourth.summary).toBe("The user is Bob; he likes cats.");
    expect(fourth.messages.map((m) => [m.type, m.content])).toEqual([
      ["human", "what's my name?"],
      ["ai", "reply 4"],
    ]);

    // The next turn sees the summary as a system message first.
    await say("thanks");
    const lastCall = model.calls.at(-1)!;
    expect(lastCall.messages[0]).toMatchObject({
      type: "system",
      content: "Summary of conversation earlier: The user is Bob; he likes cats.",
    });
  });
});

describe("Memory: manage checkpoints", () => {
  async function conversation() {
    const State = new StateSchema({ messages: MessagesValue });
    const model = new ScriptedChatModel({ replies: ["Hi Bob!", "Your name is Bob."] });
    const checkpointer = new MemorySaver();
    const graph = new StateGraph(State)
      .addNode("call_model", async (state) => ({ messages: [await model.invoke(state.messages)] }))
      .addEdge(START, "call_model")
      .compile({ checkpointer });
    const config = { configurable: { thread_id: "1" } };
    await graph.invoke({ messages: [{ role: "user", content: "hi! I'm bob" }] }, config);
    await graph.invoke({ messages: [{ role: "user", content: "what's my name?" }] }, config);
    return { graph, checkpointer, config };
  }

  it("getState shows the thread's latest snapshot", async () => {
    const { graph, config } = await conversation();
    const snapshot = await graph.getState(config);
    expect(snapshot.values.messages.map((m) => m.type)).toEqual(["human", "ai", "human", "ai"]);
    expect(snapshot.next).toEqual([]);
    expect(snapshot.tasks).toEqual([]);
    expect(snapshot.config).toEqual({
      configurable: { thread_id: "1", checkpoint_ns: "", checkpoint_id: expect.any(String) },
    });
    expect(snapshot.parentConfig).toEqual({
      configurable: { thread_id: "1", checkpoint_ns: "", checkpoint_id: expect.any(String) },
    });
    expect(snapshot.metadata).toMatchObject({ source: "loop", step: 4, parents: {} });
    expect(Number.isNaN(Date.parse(snapshot.createdAt!))).toBe(false);

    // A checkpoint_id in the config shows that checkpoint instead.
    const older = await graph.getState({
      configurable: {
        thread_id: "1",
        checkpoint_id: snapshot.parentConfig!.configurable!.checkpoint_id,
      },
    });
    expect(older.values.messages.map((m) => m.type)).toEqual(["human", "ai", "human"]);
    expect(older.next).toEqual(["call_model"]);
  });

  it("getStateHistory lists every checkpoint, newest first", async () => {
    const { graph, config } = await conversation();
    const history: StateSnapshot[] = [];
    for await (const state of graph.getStateHistory(config)) history.push(state);
    expect(history.map((s) => s.metadata?.step)).toEqual([4, 3, 2, 1, 0, -1]);
    expect(history.map((s) => s.metadata?.source)).toEqual([
      "loop",
      "loop",
      "input",
      "loop",
      "loop",
      "input",
    ]);
  });

  it("deleteThread removes every checkpoint of a thread", async () => {
    const { graph, checkpointer, config } = await conversation();
    const threadId = "1";
    await checkpointer.deleteThread(threadId);
    const snapshot = await graph.getState(config);
    expect(snapshot.values).toEqual({});
    const history: StateSnapshot[] = [];
    for await (const state of graph.getStateHistory(config)) history.push(state);
    expect(history).toEqual([]);
  });
});
