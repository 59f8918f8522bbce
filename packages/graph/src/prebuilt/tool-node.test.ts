import { MemorySaver } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Command } from "../command.ts";
import { END, START } from "../constants.ts";
import { StateGraph } from "../graph/state-graph.ts";
import { AIMessage, HumanMessage, ToolMessage } from "../messages/index.ts";
import { ScriptedChatModel } from "../models/scripted-chat-model.ts";
import { interrupt } from "../runtime/interrupt.ts";
import { Send } from "../send.ts";
import { Annotation, MessagesAnnotation, MessagesValue, StateSchema } from "../state/index.ts";
import { tool } from "../tools/tool.ts";
import { ToolNode } from "./tool-node.ts";
import { toolsCondition } from "./tools-condition.ts";

const getWeather = tool(
  ({ location }) =>
    ["sf", "san francisco"].includes(location.toLowerCase())
      ? "It's 60 degrees and foggy."
      : "It's 90 degrees and sunny.",
  {
    name: "get_weather",
    description: "Call to get the current weather.",
    schema: z.object({ location: z.string().describe("Location to get the weather for.") }),
  },
);

const callsOf = (...calls: [name: string, args: Record<string, unknown>, id: string][]) =>
  new AIMessage({
    content: "",
    tool_calls: calls.map(([name, args, id]) => ({ name, args, id, type: "tool_call" as const })),
  });

describe("ToolNode", () => {
  it("answers the tool call of the last AI message (the documented weather example)", async () => {
    const node = new ToolNode([getWeather]);
    const result = (await node.invoke({
      messages: [callsOf(["get_weather", { location: "sf" }, "tool_call_id"])],
    })) as { messages: ToolMessage[] };
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toBeInstanceOf(ToolMessage);
    expect(result.messages[0]).toMatchObject({
      content: "It's 60 degrees and foggy.",
      tool_call_id: "tool_call_id",
      name: "get_weather",
      status: "success",
    });
  });

  it("runs parallel tool calls concurrently, answering in call order", async () => {
    const started: string[] = [];
    let release: () => void = () => {};
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    const wait = tool(
      async ({ id }) => {
        started.push(id);
        if (started.length === 2) release();
        await bothStarted;
        return `done ${id}`;
      },
      { name: "wait", schema: z.object({ id: z.string() }) },
    );
    const result = (await new ToolNode([wait]).invoke([
      callsOf(["wait", { id: "a" }, "1"], ["wait", { id: "b" }, "2"]),
    ])) as ToolMessage[];
    // A list in, a list out.
    expect(result.map((m) => [m.tool_call_id, m.content])).toEqual([
      ["1", "done a"],
      ["2", "done b"],
    ]);
  });

  it("skips calls that already have a ToolMessage", async () => {
    const result = (await new ToolNode([getWeather]).invoke({
      messages: [
        callsOf(
          ["get_weather", { location: "sf" }, "a"],
          ["get_weather", { location: "nyc" }, "b"],
        ),
        new ToolMessage({ content: "cached", tool_call_id: "a" }),
      ],
    })) as { messages: ToolMessage[] };
    expect(result.messages.map((m) => m.tool_call_id)).toEqual(["b"]);
  });

  it("turns tool failures into error ToolMessages the model can read", async () => {
    const boom = tool(
      () => {
        throw new Error("database offline");
      },
      { name: "boom", schema: z.object({}) },
    );
    const result = (await new ToolNode([getWeather, boom]).invoke({
      messages: [
        callsOf(
          ["boom", {}, "1"],
          ["get_weather", { location: 42 }, "2"],
          ["missing_tool", {}, "3"],
          ["get_weather", { location: "Paris" }, "4"],
        ),
      ],
    })) as { messages: ToolMessage[] };
    const [failed, invalid, unknown, ok] = result.messages;
    expect(failed).toMatchObject({
      status: "error",
      name: "boom",
      tool_call_id: "1",
      content: "Error: database offline\n Please fix your mistakes.",
    });
    expect(invalid!.status).toBe("error");
    expect(invalid!.content).toContain("did not match expected schema");
    expect(unknown!.content).toContain('Tool "missing_tool" not found');
    expect(unknown!.content).toContain("get_weather, boom");
    expect(ok).toMatchObject({ status: "success", content: "It's 90 degrees and sunny." });
  });

  it("handleToolErrors: false rethrows; a string or function sets the message", async () => {
    const boom = tool(
      () => {
        throw new Error("nope");
      },
      { name: "boom", schema: z.object({}) },
    );
    const input = { messages: [callsOf(["boom", {}, "1"])] };
    await expect(new ToolNode([boom], { handleToolErrors: false }).invoke(input)).rejects.toThrow(
      "nope",
    );
    const fixed = (await new ToolNode([boom], { handleToolErrors: "Try again." }).invoke(
      input,
    )) as { messages: ToolMessage[] };
    expect(fixed.messages[0]!.content).toBe("Try again.");
    const custom = (await new ToolNode([boom], {
      handleToolErrors: (error, call) => `${call.name}: ${(error as Error).message}`,
    }).invoke(input)) as { messages: ToolMessage[] };
    expect(custom.messages[0]!.content).toBe("boom: nope");
  });

  it("rethrows control-flow errors (interrupts) instead of reporting them", async () => {
    class GraphInterrupt extends Error {
      override name = "GraphInterrupt";
    }
    const marked = Object.assign(new Error("bubble"), { [Symbol.for("weft.bubble")]: true });
    for (const error of [new GraphInterrupt("pause"), marked]) {
      const pausing = tool(
        () => {
          throw error;
        },
        { name: "pause", schema: z.object({}) },
      );
      await expect(
        new ToolNode([pausing]).invoke({ messages: [callsOf(["pause", {}, "1"])] }),
      ).rejects.toBe(error);
    }
  });

  it("runs the single call of a Send payload, giving the tool the state", async () => {
    const whoAmI = tool((_, runtime) => `user ${runtime.state.user}`, {
      name: "who_am_i",
      schema: z.object({}),
    });
    const result = (await new ToolNode([whoAmI]).invoke({
      messages: [],
      user: "ann",
      lg_tool_call: { name: "who_am_i", args: {}, id: "s1", type: "tool_call" },
    })) as { messages: ToolMessage[] };
    expect(result.messages[0]).toMatchObject({ content: "user ann", tool_call_id: "s1" });
  });

  it("combines tools returning Commands into one update that reaches every reducer", async () => {
    const State = Annotation.Root({
      ...MessagesAnnotation.spec,
      notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
      next: Annotation<string>(),
    });
    const note = tool(
      ({ text }, runtime) =>
        new Command({
          update: {
            notes: [text],
            messages: [new ToolMessage({ content: "noted", tool_call_id: runtime.toolCallId! })],
          },
        }),
      { name: "note", schema: z.object({ text: z.string() }) },
    );
    const route = tool(() => new Command({ goto: "after" }), {
      name: "route",
      schema: z.object({}),
    });
    const graph = new StateGraph(State)
      .addNode("tools", new ToolNode([note, route, getWeather]), { ends: ["after"] })
      .addNode("after", () => ({ next: "after ran" }))
      .addEdge(START, "tools")
      .addEdge("after", END)
      .compile();
    const out = await graph.invoke({
      messages: [
        callsOf(
          ["note", { text: "a" }, "1"],
          ["note", { text: "b" }, "2"],
          ["get_weather", { location: "sf" }, "3"],
          ["route", {}, "4"],
        ),
      ],
    });
    expect(out.notes).toEqual(["a", "b"]);
    expect(out.next).toBe("after ran");
    expect(out.messages.slice(1).map((m) => [m.type, (m as ToolMessage).tool_call_id])).toEqual([
      ["tool", "1"],
      ["tool", "2"],
      ["tool", "3"],
    ]);
  });

  it("a tool running in a graph sees the task's config (writer, context)", async () => {
    const progress = tool(
      ({ city }, runtime) => {
        runtime.writer?.(`looking up ${city} for ${runtime.context?.user}`);
        return "ok";
      },
      { name: "progress", schema: z.object({ city: z.string() }) },
    );
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("tools", new ToolNode([progress]))
      .addEdge(START, "tools")
      .compile();
    const custom: unknown[] = [];
    for await (const chunk of await graph.stream(
      { messages: [callsOf(["progress", { city: "Paris" }, "1"])] },
      { streamMode: "custom", context: { user: "ann" } },
    )) {
      custom.push(chunk);
    }
    expect(custom).toEqual(["looking up Paris for ann"]);
  });
});

describe("toolsCondition", () => {
  it("routes to tools when the last message has tool calls, else to END", () => {
    expect(toolsCondition({ messages: [callsOf(["get_weather", {}, "1"])] })).toBe("tools");
    expect(toolsCondition({ messages: [new AIMessage("done")] })).toBe(END);
    expect(toolsCondition([new HumanMessage("hi")])).toBe(END);
  });

  it("drives the documented agent loop with ToolNode", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "get_weather", args: { location: "San Francisco" } }] },
        "It's 60 degrees and foggy in SF.",
      ],
    });
    const bound = model.bindTools([getWeather]);
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("agent", async (state) => ({ messages: [await bound.invoke(state.messages)] }))
      .addNode("tools", new ToolNode([getWeather]))
      .addEdge(START, "agent")
      .addConditionalEdges("agent", toolsCondition, ["tools", END])
      .addEdge("tools", "agent")
      .compile();
    const values: number[] = [];
    for await (const { messages } of await graph.stream(
      { messages: [{ role: "user", content: "what is the weather in SF?" }] },
      { streamMode: "values" },
    )) {
      values.push(messages.length);
    }
    expect(values).toEqual([1, 2, 3, 4]);
    expect(model.calls[1]!.messages.at(-1)).toMatchObject({
      type: "tool",
      content: "It's 60 degrees and foggy.",
    });
  });
});

describe("Send to ToolNode", () => {
  it("runs one task per tool call", async () => {
    const graph = new StateGraph(MessagesAnnotation)
      .addNode("tools", new ToolNode([getWeather]))
      .addConditionalEdges(START, (state) =>
        (state.messages.at(-1) as AIMessage).tool_calls.map(
          (call) => new Send("tools", { ...state, lg_tool_call: call }),
        ),
      )
      .compile();
    const updates: unknown[] = [];
    for await (const chunk of await graph.stream(
      {
        messages: [
          callsOf(
            ["get_weather", { location: "sf" }, "1"],
            ["get_weather", { location: "la" }, "2"],
          ),
        ],
      },
      { streamMode: "updates" },
    )) {
      updates.push(chunk);
    }
    expect(updates).toHaveLength(2);
    expect(updates.every((u) => Object.keys(u as object)[0] === "tools")).toBe(true);
  });
});

describe("ToolNode with several tools pausing in one step", () => {
  it("reports every interrupt with its own id, and a map resume answers each tool call", async () => {
    const send = tool(
      async ({ to }) => {
        const answer = interrupt({ action: "send_email", to });
        return `${to}: ${answer}`;
      },
      { name: "send_email", schema: z.object({ to: z.string() }) },
    );
    const State = new StateSchema({ messages: MessagesValue });
    const graph = new StateGraph(State)
      .addNode("tools", new ToolNode([send]))
      .addEdge(START, "tools")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "two-emails" } };
    const paused = await graph.invoke(
      {
        messages: [
          new AIMessage({
            content: "",
            tool_calls: [
              { id: "c1", name: "send_email", args: { to: "alice" } },
              { id: "c2", name: "send_email", args: { to: "bob" } },
            ],
          }),
        ],
      },
      config,
    );
    const pending = paused.__interrupt__ as { id: string; value: { to: string } }[];
    expect(pending.map((p) => p.value.to)).toEqual(["alice", "bob"]);
    expect(new Set(pending.map((p) => p.id)).size).toBe(2);
    const resume = Object.fromEntries(
      pending.map((p) => [p.id, p.value.to === "alice" ? "approved" : "rejected"]),
    );
    const done = await graph.invoke(new Command({ resume }), config);
    expect(done.messages.slice(-2).map((m) => m.content)).toEqual([
      "alice: approved",
      "bob: rejected",
    ]);
  });
});
