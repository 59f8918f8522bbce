import { ScriptedChatModel, type ToolMessage } from "@weft/graph";
import { describe, expect, it } from "vitest";
import {
  createAgent,
  HumanMessage,
  TODO_LIST_MIDDLEWARE_SYSTEM_PROMPT,
  todoListMiddleware,
} from "../src/index.ts";

const plan = [
  { content: "Back up the database", status: "in_progress" },
  { content: "Run the migration", status: "pending" },
];

describe("todoListMiddleware", () => {
  it("adds a write_todos tool that keeps the list in state, and instructions to the system prompt", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "write_todos", args: { todos: plan }, id: "t1" }] },
        "Backing up now.",
      ],
    });
    const agent = createAgent({
      model,
      tools: [],
      systemPrompt: "You are a DBA.",
      middleware: [todoListMiddleware()],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("migrate the database")] });
    expect(result.todos).toEqual(plan);
    expect(result.messages[2]!.content).toBe(`Updated todo list to ${JSON.stringify(plan)}`);
    const system = model.calls[0]!.messages[0]!;
    expect(system.type).toBe("system");
    expect(system.text).toBe(`You are a DBA.\n\n${TODO_LIST_MIDDLEWARE_SYSTEM_PROMPT}`);
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["write_todos"]);
  });

  it("refuses parallel write_todos calls", async () => {
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "write_todos", args: { todos: plan }, id: "a" },
            { name: "write_todos", args: { todos: [] }, id: "b" },
          ],
        },
        "ok",
      ],
    });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [todoListMiddleware({ systemPrompt: "Plan first." })],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(result.todos).toEqual([]);
    const errors = result.messages.filter((m) => m.type === "tool") as ToolMessage[];
    expect(errors.map((m) => [m.tool_call_id, m.status])).toEqual([
      ["a", "error"],
      ["b", "error"],
    ]);
    expect(model.calls[0]!.messages[0]!.text).toBe("Plan first.");
  });
});
