import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import {
  type ReplayServer,
  startReplayServer,
} from "../../../test/fixtures/openai/replay-server.ts";
import { START } from "../../constants.ts";
import { StateGraph } from "../../graph/state-graph.ts";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from "../../messages/index.ts";
import { StateSchema } from "../../state/index.ts";
import { tool } from "../../tools/tool.ts";
import { ChatModelError } from "../chat-model-error.ts";
import { ChatOpenAI } from "./chat-openai.ts";

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.hangups.length = 0;
});

const model = () =>
  new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", baseURL: server.baseURL });

const getWeather = tool(({ city }) => `Sunny in ${city}`, {
  name: "get_weather",
  description: "Get the weather of a city.",
  schema: z.object({ city: z.string().describe("City name") }),
});

describe("ChatOpenAI request", () => {
  it("sends the Chat Completions body OpenAI expects, with auth", async () => {
    server.enqueue({ fixture: "completion-text.json" });
    const llm = new ChatOpenAI({
      model: "gpt-4o-mini",
      apiKey: "sk-test",
      baseURL: `${server.baseURL}/`,
      temperature: 0,
      maxTokens: 100,
      defaultHeaders: { "x-trace": "t1" },
    });
    await llm.bindTools([getWeather], { toolChoice: "any", parallelToolCalls: false }).invoke([
      new SystemMessage("Be brief."),
      new HumanMessage("Weather in Paris?"),
      new AIMessage({
        content: "",
        tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Paris" } }],
      }),
      new ToolMessage({ content: "Sunny", tool_call_id: "call_1", name: "get_weather" }),
      { role: "developer", content: "Answer in French." },
      ["user", "merci"],
    ]);
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe("Bearer sk-test");
    expect(request!.headers["x-trace"]).toBe("t1");
    expect(request!.body).toEqual({
      model: "gpt-4o-mini",
      temperature: 0,
      max_tokens: 100,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "Sunny" },
        { role: "developer", content: "Answer in French." },
        { role: "user", content: "merci" },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Get the weather of a city.",
            parameters: {
              type: "object",
              properties: { city: { type: "string", description: "City name" } },
              required: ["city"],
            },
          },
        },
      ],
      tool_choice: "required",
      parallel_tool_calls: false,
    });
  });

  it("forces a named tool and passes image parts of user messages", async () => {
    server.enqueue({ fixture: "completion-text.json" });
    await model()
      .bindTools([getWeather], { toolChoice: "get_weather" })
      .invoke([
        new HumanMessage({
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
          ],
        }),
      ]);
    const body = server.requests[0]!.body;
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "get_weather" } });
    expect(body.messages[0].content).toEqual([
      { type: "text", text: "What is this?" },
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ]);
  });

  it("strict tools get closed schemas; reasoning models get max_completion_tokens", async () => {
    server.enqueue({ fixture: "completion-text.json" });
    const llm = new ChatOpenAI({
      model: "o4-mini",
      apiKey: "k",
      baseURL: server.baseURL,
      maxTokens: 50,
    });
    await llm.bindTools([getWeather], { strict: true }).invoke("hi");
    const body = server.requests[0]!.body;
    expect(body.max_completion_tokens).toBe(50);
    expect(body.max_tokens).toBeUndefined();
    expect(body.tools[0].function).toMatchObject({
      strict: true,
      parameters: { additionalProperties: false, required: ["city"] },
    });
  });

  it("reads the key, base URL and model from the environment", async () => {
    server.enqueue({ fixture: "completion-text.json" });
    const saved = { ...process.env };
    process.env.OPENAI_API_KEY = "sk-env";
    process.env.OPENAI_BASE_URL = server.baseURL;
    try {
      await new ChatOpenAI({ model: "gpt-4.1-nano" }).invoke("hi");
    } finally {
      process.env.OPENAI_API_KEY = saved.OPENAI_API_KEY;
      process.env.OPENAI_BASE_URL = saved.OPENAI_BASE_URL;
      if (saved.OPENAI_API_KEY === undefined) delete process.env.OPENAI_API_KEY;
      if (saved.OPENAI_BASE_URL === undefined) delete process.env.OPENAI_BASE_URL;
    }
    expect(server.requests[0]!.headers.authorization).toBe("Bearer sk-env");
    expect(server.requests[0]!.body.model).toBe("gpt-4.1-nano");
  });
});

describe("ChatOpenAI responses", () => {
  it("turns a completion into an AIMessage with usage and metadata", async () => {
    server.enqueue({ fixture: "completion-text.json" });
    const reply = await model().invoke("Tell me a joke about ice cream");
    expect(reply).toBeInstanceOf(AIMessage);
    expect(reply.content).toBe("Why did the ice cream truck break down? It had a rocky road.");
    expect(reply.id).toBe("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    expect(reply.usage_metadata).toEqual({
      input_tokens: 14,
      output_tokens: 16,
      total_tokens: 30,
      input_token_details: { cache_read: 0 },
      output_token_details: { reasoning: 0 },
    });
    expect(reply.response_metadata).toMatchObject({
      model_name: "gpt-4o-mini-2024-07-18",
      finish_reason: "stop",
      system_fingerprint: "fp_06737a9306",
    });
    expect(server.requests[0]!.body.stream).toBeUndefined();
  });

  it("parses tool calls; unparsable arguments become invalid tool calls", async () => {
    server.enqueue({ fixture: "completion-tool-calls.json" });
    const reply = await model().bindTools([getWeather]).invoke("Weather in SF and Paris?");
    expect(reply.tool_calls).toEqual([
      {
        id: "call_Wz1yP3kGdH0sF2mVbN8qRt4X",
        name: "get_weather",
        args: { city: "San Francisco" },
        type: "tool_call",
      },
      {
        id: "call_Qa9LmC7uJx5eT1oZkY3nBv6W",
        name: "get_weather",
        args: { city: "Paris" },
        type: "tool_call",
      },
    ]);
    expect(reply.invalid_tool_calls).toHaveLength(1);
    expect(reply.invalid_tool_calls[0]).toMatchObject({ id: "call_broken", name: "get_weather" });
    expect(reply.usage_metadata?.input_token_details).toEqual({ cache_read: 64 });
  });

  it("streams text chunks with usage at the end (stream_options.include_usage)", async () => {
    server.enqueue({ fixture: "stream-text.sse" });
    const pieces: string[] = [];
    let full: import("../../messages/index.ts").AIMessageChunk | undefined;
    for await (const chunk of await model().stream("A cat joke")) {
      pieces.push(chunk.text);
      full = full ? full.concat(chunk) : chunk;
    }
    expect(server.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(pieces.join("")).toBe("Why did the cat sit on the computer?");
    expect(pieces.filter((p) => p !== "")).toHaveLength(9);
    expect(full!.usage_metadata).toMatchObject({
      input_tokens: 12,
      output_tokens: 9,
      total_tokens: 21,
    });
    expect(full!.response_metadata.finish_reason).toBe("stop");
    expect(full!.id).toBe("chatcmpl-StreamText01");
  });

  it("merges streamed tool-call chunks into tool calls", async () => {
    server.enqueue({ fixture: "stream-tool-calls.sse" });
    let full: import("../../messages/index.ts").AIMessageChunk | undefined;
    for await (const chunk of model().bindTools([getWeather]).stream("weather and time")) {
      full = full ? full.concat(chunk) : chunk;
    }
    expect(full!.tool_calls).toEqual([
      { id: "call_8e3Kq", name: "get_weather", args: { city: "San Francisco" }, type: "tool_call" },
      { id: "call_2Lm7p", name: "get_time", args: { tz: "PST" }, type: "tool_call" },
    ]);
    expect(full!.usage_metadata?.total_tokens).toBe(110);
  });

  it("invoke streams from the API when streaming: true", async () => {
    server.enqueue({ fixture: "stream-tool-calls.sse" });
    const llm = new ChatOpenAI({ apiKey: "k", baseURL: server.baseURL, streaming: true });
    const reply = await llm.invoke("x");
    expect(server.requests[0]!.body.stream).toBe(true);
    expect(reply).toBeInstanceOf(AIMessage);
    expect(reply.tool_calls.map((c) => c.name)).toEqual(["get_weather", "get_time"]);
  });
});

describe("ChatOpenAI structured output", () => {
  const Movie = z.object({
    title: z.string(),
    year: z.number(),
    director: z.string(),
    rating: z.number(),
  });

  it("uses response_format json_schema by default and validates the reply", async () => {
    server.enqueue({ fixture: "completion-structured.json" });
    const movie = await model()
      .withStructuredOutput(Movie, { name: "Movie", strict: true })
      .invoke("Provide details about the movie Inception");
    expect(movie).toEqual({
      title: "Inception",
      year: 2010,
      director: "Christopher Nolan",
      rating: 8.8,
    });
    const body = server.requests[0]!.body;
    expect(body.tools).toBeUndefined();
    expect(body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: {
        name: "Movie",
        strict: true,
        schema: {
          type: "object",
          required: ["title", "year", "director", "rating"],
          additionalProperties: false,
        },
      },
    });
  });

  it("takes a plain JSON Schema, named by its title (the documented Movie schema)", async () => {
    server.enqueue({ fixture: "completion-structured.json" });
    const jsonSchema = {
      title: "Movie",
      description: "A movie with details",
      type: "object",
      properties: {
        title: { type: "string", description: "The title of the movie" },
        year: { type: "integer", description: "The year the movie was released" },
        director: { type: "string", description: "The director of the movie" },
        rating: { type: "number", description: "The movie's rating out of 10" },
      },
      required: ["title", "year", "director", "rating"],
    };
    const response = await model()
      .withStructuredOutput(jsonSchema, { method: "jsonSchema" })
      .invoke("Provide details about the movie Inception");
    expect(response).toMatchObject({ title: "Inception", year: 2010 });
    expect(server.requests[0]!.body.response_format.json_schema).toEqual({
      name: "Movie",
      description: "A movie with details",
      schema: jsonSchema,
    });
  });

  it("functionCalling forces the schema tool; includeRaw returns the message too", async () => {
    server.enqueue({ fixture: "completion-tool-calls.json" });
    const City = z.object({ city: z.string() });
    const result = await model()
      .withStructuredOutput(City, {
        name: "get_weather",
        method: "functionCalling",
        includeRaw: true,
      })
      .invoke("where?");
    expect(result.parsed).toEqual({ city: "San Francisco" });
    expect(result.raw).toBeInstanceOf(AIMessage);
    expect(server.requests[0]!.body.tool_choice).toEqual({
      type: "function",
      function: { name: "get_weather" },
    });
  });

  it("jsonMode sends json_object; a reply that fails the schema throws", async () => {
    server.enqueue({ fixture: "completion-structured.json" });
    const Wrong = z.object({ title: z.number() });
    await expect(
      model().withStructuredOutput(Wrong, { method: "jsonMode" }).invoke("json please"),
    ).rejects.toMatchObject({ name: "OutputParserError" });
    expect(server.requests[0]!.body.response_format).toEqual({ type: "json_object" });
  });
});

describe("ChatOpenAI errors, retries and cancellation", () => {
  it("throws a ChatModelError with status and body", async () => {
    server.enqueue({ status: 401, fixture: "error-401.json" });
    const error = await model()
      .invoke("hi")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatModelError);
    expect(error).toMatchObject({ status: 401, code: "MODEL_AUTHENTICATION" });
    expect((error as ChatModelError).message).toContain("Incorrect API key provided");
    expect((error as ChatModelError).body).toMatchObject({ error: { code: "invalid_api_key" } });
    expect(server.requests).toHaveLength(1);
  });

  it("retries 500 answers, waiting what retry-after-ms asks", async () => {
    server.enqueue(
      { status: 500, fixture: "error-500.json", headers: { "retry-after-ms": "1" } },
      { status: 503, body: "overloaded", headers: { "retry-after-ms": "1" } },
      { fixture: "completion-text.json" },
    );
    const reply = await model().invoke("hi");
    expect(reply.text).toContain("rocky road");
    expect(server.requests).toHaveLength(3);
  });

  it("gives up after maxRetries", async () => {
    server.enqueue(
      { status: 500, fixture: "error-500.json", headers: { "retry-after-ms": "1" } },
      { status: 500, fixture: "error-500.json", headers: { "retry-after-ms": "1" } },
    );
    const llm = new ChatOpenAI({ apiKey: "k", baseURL: server.baseURL, maxRetries: 1 });
    await expect(llm.invoke("hi")).rejects.toMatchObject({ status: 500 });
    expect(server.requests).toHaveLength(2);
  });

  it("aborting the signal mid-stream stops at once and closes the request", async () => {
    server.enqueue({ fixture: "stream-text.sse", hangAfterEvents: 3 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const chunk of model().stream("joke", { signal: controller.signal })) {
        seen.push(chunk.text);
        if (seen.length === 3) controller.abort(new Error("user cancelled"));
      }
    })();
    await expect(run).rejects.toThrow("user cancelled");
    expect(server.hangups).toHaveLength(1);
    await server.hangups[0];
    expect(seen).toEqual(["", "Why", " did"]);
  });

  it("inside a graph: tokens reach the messages stream, and cancelling the run aborts the request", async () => {
    server.enqueue({ fixture: "stream-text.sse", hangAfterEvents: 4 });
    const llm = model();
    const graph = new StateGraph(new StateSchema({ joke: z.string().default("") }))
      .addNode("writeJoke", async () => ({ joke: (await llm.invoke("A cat joke")).text }))
      .addEdge(START, "writeJoke")
      .compile();
    const controller = new AbortController();
    const tokens: string[] = [];
    const run = (async () => {
      for await (const [chunk, metadata] of (await graph.stream(
        {},
        { streamMode: "messages", signal: controller.signal },
      )) as AsyncIterable<[{ content: string }, Record<string, any>]>) {
        expect(metadata).toMatchObject({
          langgraph_node: "writeJoke",
          ls_provider: "openai",
          ls_model_name: "gpt-4o-mini",
        });
        tokens.push(chunk.content);
        if (tokens.length === 3) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ code: "GRAPH_ABORTED" });
    // The model streamed although the node called invoke; the server saw the connection close.
    expect(server.requests[0]!.body.stream).toBe(true);
    expect(server.hangups).toHaveLength(1);
    await server.hangups[0];
    expect(tokens).toEqual(["", "Why", " did"]);
  });

  it("a signal aborted before the call sends nothing", async () => {
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    await expect(model().invoke("hi", { signal: controller.signal })).rejects.toThrow("too late");
    expect(server.requests).toHaveLength(0);
  });
});

describe("disabling streaming (docs: disable streaming for specific chat models)", () => {
  it("streaming: false makes one non-streaming request; the messages stream gets the whole reply once", async () => {
    server.enqueue({ fixture: "completion-text.json" });
    const o1 = new ChatOpenAI({
      model: "o1-preview",
      apiKey: "sk-test",
      baseURL: server.baseURL,
      streaming: false,
    });
    const State = new StateSchema({ answer: z.string().optional() });
    const graph = new StateGraph(State)
      .addNode("think", async () => ({ answer: String((await o1.invoke("2+2?")).content) }))
      .addEdge(START, "think")
      .compile();
    const items: [any, any][] = [];
    for await (const item of await graph.stream({}, { streamMode: "messages" })) items.push(item);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.body.stream).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(items[0]![1]).toMatchObject({ langgraph_node: "think", ls_model_name: "o1-preview" });
    expect(o1.disableStreaming).toBe(true);
  });

  it("stream() on a model with disableStreaming yields the reply as one chunk", async () => {
    server.enqueue({ fixture: "completion-text.json" });
    const m = new ChatOpenAI({
      apiKey: "sk-test",
      baseURL: server.baseURL,
      disableStreaming: true,
    });
    const chunks = [];
    for await (const chunk of m.stream("hi")) chunks.push(chunk);
    expect(chunks).toHaveLength(1);
    expect(server.requests[0]!.body.stream).toBeUndefined();
  });
});
