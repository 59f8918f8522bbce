import { type BaseMessage, ScriptedChatModel, ToolMessage } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AIMessage,
  ClearToolUsesEdit,
  contextEditingMiddleware,
  createAgent,
  HumanMessage,
  tool,
} from "../src/index.ts";

const bigResult = (label: string) => `${label}:${"x".repeat(400)}`;

function tools() {
  const make = (name: string) =>
    tool(async ({ q }: { q: string }) => bigResult(`${name} ${q}`), {
      name,
      description: name,
      schema: z.object({ q: z.string() }),
    });
  return [make("search"), make("memory")];
}

/** A model that calls `search` (or `memory`) for each planned query, one per turn, then answers. */
function plannedModel(plan: [string, string][]) {
  return new ScriptedChatModel({
    replies: [
      ...plan.map(([name, q], i) => ({ toolCalls: [{ name, args: { q }, id: `c${i + 1}` }] })),
      "done",
    ],
  });
}

const toolContents = (messages: BaseMessage[]) =>
  messages
    .filter((m) => m.type === "tool")
    .map((m) => (m.text.startsWith("[") ? m.text : m.text.slice(0, 10)));

describe("contextEditingMiddleware", () => {
  it("clears old tool results past the token trigger, for the model call only", async () => {
    const model = plannedModel([
      ["search", "1"],
      ["search", "2"],
      ["search", "3"],
      ["search", "4"],
    ]);
    const agent = createAgent({
      model,
      tools: tools(),
      middleware: [
        contextEditingMiddleware({
          edits: [new ClearToolUsesEdit({ trigger: { tokens: 250 }, keep: { messages: 2 } })],
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("research")] });
    // Call 3 sees 2 results (~200 tokens): below the trigger, nothing cleared.
    expect(toolContents(model.calls[2]!.messages)).toEqual(["search 1:x", "search 2:x"]);
    // Call 4 sees 3 results (~300 tokens): all but the 2 latest are cleared.
    expect(toolContents(model.calls[3]!.messages)).toEqual([
      "[cleared]",
      "search 2:x",
      "search 3:x",
    ]);
    expect(toolContents(model.calls[4]!.messages)).toEqual([
      "[cleared]",
      "[cleared]",
      "search 3:x",
      "search 4:x",
    ]);
    const cleared = model.calls[4]!.messages.find((m) => m.type === "tool") as ToolMessage;
    expect(cleared.response_metadata.context_editing).toEqual({
      cleared: true,
      strategy: "clear_tool_uses",
    });
    expect(cleared.tool_call_id).toBe("c1");
    // The state keeps the full results.
    expect(toolContents(result.messages)).toEqual([
      "search 1:x",
      "search 2:x",
      "search 3:x",
      "search 4:x",
    ]);
  });

  it("keeps excluded tools, uses a custom placeholder and clears tool inputs when asked", async () => {
    const model = plannedModel([
      ["memory", "m"],
      ["search", "1"],
      ["search", "2"],
    ]);
    const agent = createAgent({
      model,
      tools: tools(),
      middleware: [
        contextEditingMiddleware({
          edits: [
            new ClearToolUsesEdit({
              trigger: { messages: 6 },
              keep: { messages: 1 },
              excludeTools: ["memory"],
              placeholder: "[old result removed]",
              clearToolInputs: true,
            }),
          ],
        }),
      ],
    });
    await agent.invoke({ messages: [new HumanMessage("go")] });
    const last = model.calls[3]!.messages;
    expect(toolContents(last)).toEqual(["memory m:x", "[old result removed]", "search 2:x"]);
    const searchCall = last.find(
      (m) => m.type === "ai" && (m as AIMessage).tool_calls[0]?.id === "c2",
    ) as AIMessage;
    expect(searchCall.tool_calls[0]!.args).toEqual({});
    expect(searchCall.response_metadata.context_editing).toEqual({ cleared_tool_inputs: ["c2"] });
    const memoryCall = last.find(
      (m) => m.type === "ai" && (m as AIMessage).tool_calls[0]?.id === "c1",
    ) as AIMessage;
    expect(memoryCall.tool_calls[0]!.args).toEqual({ q: "m" });
  });

  it("keeps recent results within a token budget", async () => {
    const edit = new ClearToolUsesEdit({ trigger: { messages: 1 }, keep: { tokens: 250 } });
    const messages: BaseMessage[] = [new HumanMessage("q")];
    for (const id of ["a", "b", "c"]) {
      messages.push(new AIMessage({ content: "", tool_calls: [{ id, name: "search", args: {} }] }));
      messages.push(new ToolMessage({ content: bigResult(id), tool_call_id: id, name: "search" }));
    }
    const edited = await edit.apply({
      messages,
      model: new ScriptedChatModel({ replies: [] }),
      countTokens: (list) => list.length * 100,
    });
    expect(toolContents(edited as BaseMessage[])).toEqual([
      "[cleared]",
      "b:xxxxxxxx",
      "c:xxxxxxxx",
    ]);
    // The input list is not changed.
    expect(toolContents(messages)).toEqual(["a:xxxxxxxx", "b:xxxxxxxx", "c:xxxxxxxx"]);
  });

  it("runs custom edits that change the list in place", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        contextEditingMiddleware({
          edits: [{ apply: ({ messages }) => void messages.splice(0, messages.length - 1) }],
        }),
      ],
    });
    await agent.invoke({ messages: [new HumanMessage("a"), new HumanMessage("b")] });
    expect(model.calls[0]!.messages.map((m) => m.text)).toEqual(["b"]);
  });

  it("counts with the model when tokenCountMethod is 'model'", async () => {
    class CountingModel extends ScriptedChatModel {
      counted = 0;
      override async getNumTokens(content: BaseMessage["content"]) {
        this.counted++;
        return super.getNumTokens(content);
      }
    }
    const model = new CountingModel({ replies: ["ok"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [contextEditingMiddleware({ tokenCountMethod: "model" })],
    });
    await agent.invoke({ messages: [new HumanMessage("a")] });
    expect(model.counted).toBeGreaterThan(0);
  });

  it("validates its edits' options", () => {
    expect(() => new ClearToolUsesEdit({ trigger: { tokens: 0 } })).toThrow(/tokens/);
    expect(() => new ClearToolUsesEdit({ keep: {} as never })).toThrow(/exactly one/);
  });
});
