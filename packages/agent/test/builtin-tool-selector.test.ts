import { ScriptedChatModel, WeftError } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { createAgent, HumanMessage, llmToolSelectorMiddleware, tool } from "../src/index.ts";

const tools = ["weather", "search", "calculator", "calendar"].map((name) =>
  tool(async () => `${name} result`, {
    name,
    description: `The ${name} tool.`,
    schema: z.object({}),
  }),
);

const select = (...names: string[]) => ({
  toolCalls: [{ name: "select_tools", args: { tools: names } }],
});

describe("llmToolSelectorMiddleware", () => {
  it("offers the agent's model only the tools the selector picked, plus alwaysInclude", async () => {
    const selector = new ScriptedChatModel({
      replies: [select("calculator", "weather", "search")],
    });
    const model = new ScriptedChatModel({ replies: ["answer"] });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        llmToolSelectorMiddleware({ model: selector, maxTools: 2, alwaysInclude: ["calendar"] }),
      ],
    });
    await agent.invoke({ messages: [new HumanMessage("what is 2+2 and is it sunny?")] });
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["weather", "calculator", "calendar"]);

    const call = selector.calls[0]!;
    expect(call.tags).toContain("nostream");
    expect(call.messages.map((m) => m.type)).toEqual(["system", "human"]);
    expect(call.messages[0]!.text).toContain("- search: The search tool.");
    expect(call.messages[0]!.text).not.toContain("calendar");
    expect(call.messages[0]!.text).toContain("only the first 2 will be used");
    expect(call.messages[1]!.text).toBe("what is 2+2 and is it sunny?");
    // The selection offers only the tool names the agent has.
    const schema = call.tools[0]!.parameters as {
      properties: { tools: { items: { enum: string[] } } };
    };
    expect(schema.properties.tools.items.enum).toEqual(["weather", "search", "calculator"]);
  });

  it("uses the agent's model for the selection when none is given", async () => {
    const model = new ScriptedChatModel({ replies: [select("search"), "answer"] });
    const agent = createAgent({ model, tools, middleware: [llmToolSelectorMiddleware()] });
    await agent.invoke({ messages: [new HumanMessage("find it")] });
    expect(model.calls).toHaveLength(2);
    expect(model.calls[1]!.tools.map((t) => t.name)).toEqual(["search"]);
  });

  it("fails clearly for an unknown alwaysInclude tool, a bad pick, or no user message", async () => {
    const unknown = createAgent({
      model: new ScriptedChatModel({ replies: ["x"] }),
      tools,
      middleware: [
        llmToolSelectorMiddleware({
          model: new ScriptedChatModel({ replies: [] }),
          alwaysInclude: ["fax"],
        }),
      ],
    });
    const error = await unknown
      .invoke({ messages: [new HumanMessage("hi")] })
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);

    const badPick = createAgent({
      model: new ScriptedChatModel({ replies: ["x"] }),
      tools,
      middleware: [
        llmToolSelectorMiddleware({
          model: new ScriptedChatModel({ replies: [select("teleport")] }),
        }),
      ],
    });
    const parseError = await badPick
      .invoke({ messages: [new HumanMessage("hi")] })
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(parseError, "OUTPUT_PARSING_FAILURE")).toBe(true);

    const noQuestion = createAgent({
      model: new ScriptedChatModel({ replies: ["x"] }),
      tools,
      middleware: [llmToolSelectorMiddleware({ model: new ScriptedChatModel({ replies: [] }) })],
    });
    const inputError = await noQuestion
      .invoke({ messages: [{ role: "system", content: "only rules" }] })
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(inputError, "INVALID_INPUT")).toBe(true);
    expect(() => llmToolSelectorMiddleware({ maxTools: 0 })).toThrow(/maxTools/);
  });
});
