import { ChatOpenAI, ScriptedChatModel, WeftError } from "@weft/graph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import {
  createAgent,
  HumanMessage,
  initChatModel,
  MultipleToolsBoundError,
  tool,
  UnknownModelProviderError,
} from "../src/index.ts";
import { type OpenAIStub, startOpenAIStub } from "./support/openai-stub.ts";

let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub();
});
afterAll(() => stub.close());

function withOpenAIEnv<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
  process.env.OPENAI_API_KEY = "sk-test";
  process.env.OPENAI_BASE_URL = stub.baseURL;
  return fn().finally(() => {
    if (saved.key === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = saved.key;
    if (saved.url === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved.url;
  });
}

describe("initChatModel", () => {
  it("builds an OpenAI client from 'openai:model' with inline parameters", async () => {
    const model = await initChatModel("openai:gpt-4.1-mini", {
      baseUrl: stub.baseURL,
      apiKey: "sk-inline",
      temperature: 0.7,
      max_tokens: 1000,
    });
    expect(model).toBeInstanceOf(ChatOpenAI);
    stub.replies.push({ content: "hello" });
    const reply = await model.invoke("hi");
    expect(reply.content).toBe("hello");
    const request = stub.requests.at(-1)!;
    expect(request.model).toBe("gpt-4.1-mini");
    expect(request.temperature).toBe(0.7);
    expect(request.max_tokens ?? request.max_completion_tokens).toBe(1000);
    expect(request.authorization).toBe("Bearer sk-inline");
  });

  it("infers OpenAI from a bare gpt-* name and serves other providers through baseUrl", async () => {
    expect(await initChatModel("gpt-4o", { baseUrl: stub.baseURL, apiKey: "k" })).toBeInstanceOf(
      ChatOpenAI,
    );
    const local = await initChatModel("llama3", {
      modelProvider: "ollama",
      baseUrl: stub.baseURL,
      apiKey: "k",
    });
    stub.replies.push({ content: "local" });
    expect((await local.invoke("x")).content).toBe("local");
    expect(stub.requests.at(-1)!.model).toBe("llama3");
  });

  it("fails with a typed error for a provider it has no client for", async () => {
    const failure = await initChatModel("anthropic:claude-sonnet-4-5").catch((e) => e);
    expect(failure).toBeInstanceOf(UnknownModelProviderError);
    expect(WeftError.hasCode(failure, "INVALID_CONFIG")).toBe(true);
    expect(failure.message).toContain('"anthropic"');
    await expect(initChatModel("some-unknown-model")).rejects.toThrow(/Unable to infer/);
  });
});

describe("createAgent with a model string", () => {
  it("resolves 'openai:model' and auto-picks native structured output for it", async () => {
    await withOpenAIEnv(async () => {
      const agent = createAgent({
        model: "openai:gpt-4.1",
        tools: [],
        responseFormat: z.object({ city: z.string() }).meta({ title: "City" }),
      });
      stub.replies.push({ content: '{"city":"Paris"}' });
      const result = await agent.invoke({ messages: [new HumanMessage("capital of France?")] });
      expect(result.structuredResponse).toEqual({ city: "Paris" });
      const request = stub.requests.at(-1)!;
      expect(request.model).toBe("gpt-4.1");
      expect(request.response_format.type).toBe("json_schema");
      expect(request.response_format.json_schema.name).toBe("City");
    });
  });

  it("sends the tools and runs the loop against an OpenAI-compatible API", async () => {
    await withOpenAIEnv(async () => {
      const add = tool(async ({ a, b }: { a: number; b: number }) => String(a + b), {
        name: "add",
        description: "adds",
        schema: z.object({ a: z.number(), b: z.number() }),
      });
      const agent = createAgent({ model: "gpt-4o-mini", tools: [add], systemPrompt: "Math." });
      stub.replies.push(
        { tool_calls: [{ id: "call_1", name: "add", arguments: '{"a":2,"b":3}' }] },
        { content: "5" },
      );
      const result = await agent.invoke({ messages: [new HumanMessage("2+3?")] });
      expect(result.messages.map((m) => m.content)).toEqual(["2+3?", "", "5", "5"]);
      const first = stub.requests.at(-2)!;
      expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual([
        "add",
      ]);
      expect(first.messages[0]).toMatchObject({ role: "system", content: "Math." });
    });
  });

  it("refuses a model that already has tools bound", () => {
    const bound = new ScriptedChatModel({ replies: [] }).bindTools([
      { name: "x", schema: { type: "object" } },
    ]);
    expect(() => createAgent({ model: bound, tools: [] })).toThrow(MultipleToolsBoundError);
  });
});
