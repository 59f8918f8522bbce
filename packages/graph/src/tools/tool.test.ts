import { tool as coreTool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Command } from "../command.ts";
import { ToolMessage } from "../messages/index.ts";
import { runWithConfig } from "../runtime/context.ts";
import { tool } from "./tool.ts";
import { toToolDefinition } from "./tool-definition.ts";
import type { ToolRuntime } from "./tool-types.ts";

const searchDatabase = tool(({ query, limit }) => `Found ${limit} results for '${query}'`, {
  name: "search_database",
  description: "Search the customer database for records matching the query.",
  schema: z.object({
    query: z.string().describe("Search terms to look for"),
    limit: z.number().describe("Maximum number of results to return"),
  }),
});

describe("tool()", () => {
  it("runs the function on validated arguments (the documented search tool)", async () => {
    expect(await searchDatabase.invoke({ query: "acme", limit: 3 })).toBe(
      "Found 3 results for 'acme'",
    );
    await expect(searchDatabase.invoke({ query: "acme", limit: "3" })).rejects.toMatchObject({
      name: "ToolInputError",
      code: "INVALID_INPUT",
      message: expect.stringContaining("limit"),
    });
  });

  it("describes its arguments to the model as JSON Schema", () => {
    expect(toToolDefinition(searchDatabase)).toEqual({
      name: "search_database",
      description: "Search the customer database for records matching the query.",
      parameters: {
        type: "object",
        properties: {
          query: { type: "string", description: "Search terms to look for" },
          limit: { type: "number", description: "Maximum number of results to return" },
        },
        required: ["query", "limit"],
      },
    });
  });

  it("answers a tool call with a ToolMessage", async () => {
    const reply = await searchDatabase.invoke({
      name: "search_database",
      args: { query: "q", limit: 1 },
      id: "call_7",
      type: "tool_call",
    });
    expect(reply).toBeInstanceOf(ToolMessage);
    expect(reply).toMatchObject({
      content: "Found 1 results for 'q'",
      tool_call_id: "call_7",
      name: "search_database",
      status: "success",
    });
  });

  it("serializes objects as JSON; content_and_artifact keeps the artifact out of the content", async () => {
    const lookup = tool(() => ({ name: "Foo", age: 25 }), { name: "lookup", schema: z.object({}) });
    const call = { name: "lookup", args: {}, id: "c1", type: "tool_call" as const };
    expect(((await lookup.invoke(call)) as ToolMessage).content).toBe('{"name":"Foo","age":25}');
    const withArtifact = tool(() => ["3 rows", { rows: [1, 2, 3] }], {
      name: "query",
      schema: z.object({}),
      responseFormat: "content_and_artifact",
    });
    const message = (await withArtifact.invoke({ ...call, name: "query" })) as ToolMessage;
    expect(message.content).toBe("3 rows");
    expect(message.artifact).toEqual({ rows: [1, 2, 3] });
  });

  it("returns Commands and ToolMessages from the function as they are", async () => {
    const command = new Command({ update: { user: "ann" } });
    const update = tool(() => command, { name: "update", schema: z.object({}) });
    expect(await update.invoke({ name: "update", args: {}, id: "c", type: "tool_call" })).toBe(
      command,
    );
  });

  it("gives the function the run context, store, writer and the tool call", async () => {
    const getUserName = tool((_, config: ToolRuntime) => config.context.user_name, {
      name: "get_user_name",
      description: "Get the user's name.",
      schema: z.object({}),
    });
    expect(await getUserName.invoke({}, { context: { user_name: "John Smith" } })).toBe(
      "John Smith",
    );
    // Inside a task, the task's config is found without passing it.
    const written: unknown[] = [];
    const getWeather = tool(
      ({ city }, config) => {
        config.writer?.(`Looking up data for city: ${city}`);
        return `It's always sunny in ${city}! (${config.toolCallId})`;
      },
      { name: "get_weather", schema: z.object({ city: z.string() }) },
    );
    const reply = await runWithConfig({ writer: (chunk) => written.push(chunk) }, () =>
      getWeather.invoke({
        name: "get_weather",
        args: { city: "Paris" },
        id: "w1",
        type: "tool_call",
      }),
    );
    expect((reply as ToolMessage).content).toBe("It's always sunny in Paris! (w1)");
    expect(written).toEqual(["Looking up data for city: Paris"]);
  });

  it("accepts a JSON Schema, checking required keys", async () => {
    const echo = tool((args: Record<string, any>) => args.text, {
      name: "echo",
      schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    });
    expect(toToolDefinition(echo).parameters).toEqual({
      type: "object",
      properties: { text: { type: "string" } },
      required: ["text"],
    });
    expect(await echo.invoke({ text: "hi" })).toBe("hi");
    await expect(echo.invoke({})).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("without a schema takes one string input", async () => {
    const shout = tool((input: string) => input.toUpperCase(), { name: "shout" });
    expect(await shout.invoke("hey")).toBe("HEY");
    expect(await shout.invoke({ input: "you" })).toBe("YOU");
    expect(toToolDefinition(shout).parameters).toMatchObject({
      properties: { input: { type: "string" } },
    });
  });

  it("rejects at once when the signal aborts", async () => {
    const slow = tool(() => new Promise(() => {}), { name: "slow", schema: z.object({}) });
    const controller = new AbortController();
    const pending = slow.invoke({}, { signal: controller.signal });
    controller.abort(new Error("cancelled"));
    await expect(pending).rejects.toThrow("cancelled");
  });

  it("describes @langchain/core tools and OpenAI function dicts the same way", () => {
    const core = coreTool(({ a }: { a: number }) => String(a), {
      name: "double",
      description: "Doubles a.",
      schema: z.object({ a: z.number() }),
    });
    expect(toToolDefinition(core)).toEqual({
      name: "double",
      description: "Doubles a.",
      parameters: { type: "object", properties: { a: { type: "number" } }, required: ["a"] },
    });
    expect(
      toToolDefinition({
        type: "function",
        function: { name: "f", description: "d", parameters: { type: "object" } },
      }),
    ).toEqual({ name: "f", description: "d", parameters: { type: "object" } });
  });
});
