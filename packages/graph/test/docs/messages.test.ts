// Seed 003, "# Messages" (LangChain). The examples import messages from `langchain` and get a
// model from `initChatModel("gpt-5-nano")`; here messages come from `@weft/graph` and the
// model is a ScriptedChatModel, whose `calls` log shows what the model was sent.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  ScriptedChatModel,
  SystemMessage,
  ToolMessage,
  tool,
} from "../../src/index.ts";

const roles = (messages: readonly BaseMessage[]) => messages.map((m) => [m.type, m.content]);

describe("Messages: basic usage", () => {
  it("a list of message objects in, an AIMessage out", async () => {
    const model = new ScriptedChatModel({ replies: ["I'm well, thanks!"] });
    const systemMsg = new SystemMessage("You are a helpful assistant.");
    const humanMsg = new HumanMessage("Hello, how are you?");
    const messages = [systemMsg, humanMsg];
    const response = await model.invoke(messages);
    expect(response).toBeInstanceOf(AIMessage);
    expect(response.content).toBe("I'm well, thanks!");
    expect(response.text).toBe("I'm well, thanks!");
    expect(typeof response.id).toBe("string");
    expect(roles(model.calls[0]!.messages)).toEqual([
      ["system", "You are a helpful assistant."],
      ["human", "Hello, how are you?"],
    ]);
  });

  it("text prompts, message prompts and the dictionary format reach the model alike", async () => {
    const model = new ScriptedChatModel({ replies: ["haiku"], cycle: true });
    await model.invoke("Write a haiku about spring");
    await model.invoke([
      new SystemMessage("You are a poetry expert"),
      new HumanMessage("Write a haiku about spring"),
      new AIMessage("Cherry blossoms bloom..."),
    ]);
    await model.invoke([
      { role: "system", content: "You are a poetry expert" },
      { role: "user", content: "Write a haiku about spring" },
      { role: "assistant", content: "Cherry blossoms bloom..." },
    ]);
    expect(roles(model.calls[0]!.messages)).toEqual([["human", "Write a haiku about spring"]]);
    const expected = [
      ["system", "You are a poetry expert"],
      ["human", "Write a haiku about spring"],
      ["ai", "Cherry blossoms bloom..."],
    ];
    expect(roles(model.calls[1]!.messages)).toEqual(expected);
    expect(roles(model.calls[2]!.messages)).toEqual(expected);
  });
});

describe("Messages: message types", () => {
  it("system messages: basic instructions and a detailed persona", async () => {
    const model = new ScriptedChatModel({ replies: ["Use a router."], cycle: true });
    const persona = `
You are a senior TypeScript developer with expertise in web frameworks.
Always provide code examples and explain your reasoning.
Be concise but thorough in your explanations.
`;
    for (const systemMsg of [
      new SystemMessage("You are a helpful coding assistant."),
      new SystemMessage(persona),
    ]) {
      await model.invoke([systemMsg, new HumanMessage("How do I create a REST API?")]);
    }
    expect(model.calls.map((call) => call.messages[0]!.content)).toEqual([
      "You are a helpful coding assistant.",
      persona,
    ]);
  });

  it("human messages: text content, the string shortcut, and metadata", async () => {
    const model = new ScriptedChatModel({ replies: ["ML is..."], cycle: true });
    await model.invoke([new HumanMessage("What is machine learning?")]);
    await model.invoke("What is machine learning?");
    expect(roles(model.calls[0]!.messages)).toEqual(roles(model.calls[1]!.messages));

    const humanMsg = new HumanMessage({
      content: "Hello!",
      name: "alice",
      id: "msg_123",
    });
    expect(humanMsg).toMatchObject({
      type: "human",
      content: "Hello!",
      name: "alice",
      id: "msg_123",
    });
  });

  it("AI messages: returned by the model, or inserted by hand into the history", async () => {
    const model = new ScriptedChatModel({ replies: ["AI is...", "4"] });
    const response = await model.invoke("Explain AI");
    expect(response).toBeInstanceOf(AIMessage);
    expect(response.tool_calls).toEqual([]);

    const aiMsg = new AIMessage("I'd be happy to help you with that question!");
    const messages = [
      new SystemMessage("You are a helpful assistant"),
      new HumanMessage("Can you help me?"),
      aiMsg,
      new HumanMessage("Great! What's 2+2?"),
    ];
    expect((await model.invoke(messages)).text).toBe("4");
    expect(model.calls[1]!.messages.map((m) => m.type)).toEqual(["system", "human", "ai", "human"]);
  });

  it("tool calls appear on the AIMessage with name, args and id", async () => {
    const getWeather = tool(({ location }) => `Sunny in ${location}`, {
      name: "get_weather",
      description: "Get the weather at a location.",
      schema: z.object({ location: z.string() }),
    });
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "get_weather", args: { location: "Paris" }, id: "call_1" }] },
      ],
    });
    const modelWithTools = model.bindTools([getWeather]);
    const response = await modelWithTools.invoke("What's the weather in Paris?");
    const printed: string[] = [];
    for (const toolCall of response.tool_calls) {
      printed.push(
        `Tool: ${toolCall.name}`,
        `Args: ${JSON.stringify(toolCall.args)}`,
        `ID: ${toolCall.id}`,
      );
    }
    expect(printed).toEqual(["Tool: get_weather", 'Args: {"location":"Paris"}', "ID: call_1"]);
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["get_weather"]);
  });

  it("token usage is on usage_metadata", async () => {
    const usage = {
      output_tokens: 304,
      input_tokens: 8,
      total_tokens: 312,
      input_token_details: { cache_read: 0 },
      output_token_details: { reasoning: 256 },
    };
    const model = new ScriptedChatModel({ replies: [{ content: "Hi!", usage }] });
    const response = await model.invoke("Hello!");
    expect(response.usage_metadata).toEqual(usage);
  });

  it("streamed AIMessageChunks concat into the full message", async () => {
    const model = new ScriptedChatModel({
      replies: [
        {
          content: "Cherry blossoms bloom",
          toolCalls: [{ name: "get_weather", args: { location: "Kyoto" }, id: "call_9" }],
        },
      ],
    });
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of model.stream("haiku and weather")) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);

    let finalChunk: AIMessageChunk | undefined;
    for (const chunk of chunks) {
      finalChunk = finalChunk ? finalChunk.concat(chunk) : chunk;
    }
    expect(finalChunk).toBeInstanceOf(AIMessageChunk);
    expect(finalChunk!.content).toBe("Cherry blossoms bloom");
    expect(finalChunk!.tool_calls).toEqual([
      { name: "get_weather", args: { location: "Kyoto" }, id: "call_9", type: "tool_call" },
    ]);
  });

  it("tool messages answer a tool call; the model gets the whole exchange", async () => {
    const model = new ScriptedChatModel({ replies: ["It's sunny and 72F in San Francisco."] });
    const aiMessage = new AIMessage({
      content: [],
      tool_calls: [
        {
          name: "get_weather",
          args: { location: "San Francisco" },
          id: "call_123",
        },
      ],
    });
    const toolMessage = new ToolMessage({
      content: "Sunny, 72F",
      tool_call_id: "call_123",
    });
    const messages = [
      new HumanMessage("What's the weather in San Francisco?"),
      aiMessage,
      toolMessage,
    ];
    const response = await model.invoke(messages);
    expect(response.text).toBe("It's sunny and 72F in San Francisco.");
    const sent = model.calls[0]!.messages;
    expect(sent.map((m) => m.type)).toEqual(["human", "ai", "tool"]);
    expect((sent[1] as AIMessage).tool_calls[0]).toMatchObject({
      name: "get_weather",
      args: { location: "San Francisco" },
      id: "call_123",
    });
    expect(sent[2]).toMatchObject({ content: "Sunny, 72F", tool_call_id: "call_123" });
  });

  it("a tool message's artifact stays available to the program", () => {
    const artifact = { document_id: "doc_123", page: 0 };
    const toolMessage = new ToolMessage({
      content: "It was the best of times, it was the worst of times.",
      tool_call_id: "call_123",
      name: "search_books",
      artifact,
    });
    expect(toolMessage.artifact).toEqual({ document_id: "doc_123", page: 0 });
    expect(toolMessage.name).toBe("search_books");
  });
});

describe("Messages: message content", () => {
  it("string, provider-native and standard content blocks", () => {
    const fromString = new HumanMessage("Hello, how are you?");
    expect(fromString.content).toBe("Hello, how are you?");

    const native = new HumanMessage({
      content: [
        { type: "text", text: "Hello, how are you?" },
        { type: "image_url", image_url: { url: "https://example.com/image.jpg" } },
      ],
    });
    expect(native.content).toEqual([
      { type: "text", text: "Hello, how are you?" },
      { type: "image_url", image_url: { url: "https://example.com/image.jpg" } },
    ]);

    const standard = new HumanMessage({
      contentBlocks: [
        { type: "text", text: "Hello, how are you?" },
        { type: "image", url: "https://example.com/image.jpg" },
      ],
    });
    expect(standard.contentBlocks).toEqual([
      { type: "text", text: "Hello, how are you?" },
      { type: "image", url: "https://example.com/image.jpg" },
    ]);
    expect(standard.text).toBe("Hello, how are you?");
  });

  it("multimodal inputs keep their blocks on the way to the model", async () => {
    const model = new ScriptedChatModel({ replies: ["A cat."] });
    const message = new HumanMessage({
      content: [
        { type: "text", text: "Describe the content of this image." },
        { type: "image", source_type: "url", url: "https://example.com/path/to/image.jpg" },
      ],
    });
    await model.invoke([message]);
    expect(model.calls[0]!.messages[0]!.content).toEqual([
      { type: "text", text: "Describe the content of this image." },
      { type: "image", source_type: "url", url: "https://example.com/path/to/image.jpg" },
    ]);
  });
});
