// Seed 003, "# Subagents": a main agent calls subagents through tools (tool per agent,
// single dispatch tool), shapes their inputs and outputs, runs them in the background,
// and lets a subagent pause for the user with an interrupt.
import { getCurrentTaskInput, isInterrupted, MemorySaver, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  type AgentState,
  Command,
  createAgent,
  interrupt,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "../src/index.ts";

const lookupWeather = tool(async ({ city }: { city: string }) => `${city}: 72F, sunny`, {
  name: "lookup_weather",
  description: "Current weather of a city.",
  schema: z.object({ city: z.string() }),
});

describe("subagents: tool per agent", () => {
  function setup() {
    const researchModel = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "lookup_weather", args: { city: "Tokyo" } }] },
        "Currently 72F, sunny",
      ],
    });
    const subagent = createAgent({
      model: researchModel,
      tools: [lookupWeather],
      systemPrompt: "Research.",
    });
    const research = tool(
      async ({ query }: { query: string }) => {
        const result = await subagent.invoke({ messages: [{ role: "user", content: query }] });
        return result.messages.at(-1)?.text;
      },
      {
        name: "research",
        description: "Research a topic and return findings",
        schema: z.object({ query: z.string() }),
      },
    );
    const mainModel = new ScriptedChatModel({
      replies: [
        "Noted!",
        { toolCalls: [{ name: "research", args: { query: "Tokyo weather" }, id: "r1" }] },
        "It's 72F and sunny in Tokyo",
      ],
    });
    const mainAgent = createAgent({
      model: mainModel,
      tools: [research],
      checkpointer: new MemorySaver(),
    });
    return { researchModel, mainModel, mainAgent };
  }

  it("runs the subagent in a clean context and returns only its final message", async () => {
    const { researchModel, mainModel, mainAgent } = setup();
    const config = { configurable: { thread_id: "s1" } };
    await mainAgent.invoke({ messages: "Earlier: I like travel." }, config);
    const result = await mainAgent.invoke({ messages: "What's the weather in Tokyo?" }, config);

    // The subagent saw its prompt and the query only, none of the main conversation.
    expect(researchModel.calls[0]!.messages.map((m) => `${m.type}:${m.text}`)).toEqual([
      "system:Research.",
      "human:Tokyo weather",
    ]);
    // Its inner tool loop stays inside: the main thread holds the final text only.
    const toolMessages = result.messages.filter((m) => m.type === "tool") as ToolMessage[];
    expect(toolMessages.map((m) => [m.name, m.tool_call_id, m.text])).toEqual([
      ["research", "r1", "Currently 72F, sunny"],
    ]);
    expect(result.messages.some((m) => m.text.includes("Tokyo: 72F"))).toBe(false);
    expect(mainModel.calls.at(-1)!.messages.at(-1)!.text).toBe("Currently 72F, sunny");
    // Conversation memory lives in the main agent only.
    expect(mainModel.calls[1]!.messages.map((m) => m.text)).toContain("Earlier: I like travel.");
  });

  it("keeps no memory in the subagent between calls (stateless)", async () => {
    const subModel = new ScriptedChatModel({ replies: ["one", "two"] });
    const sub = createAgent({ model: subModel });
    const ask = tool(
      async ({ q }: { q: string }) => (await sub.invoke({ messages: q })).messages.at(-1)?.text,
      { name: "ask", description: "Ask the helper.", schema: z.object({ q: z.string() }) },
    );
    const main = createAgent({
      model: new ScriptedChatModel({
        replies: [
          { toolCalls: [{ name: "ask", args: { q: "first" } }] },
          { toolCalls: [{ name: "ask", args: { q: "second" } }] },
          "done",
        ],
      }),
      tools: [ask],
    });
    await main.invoke({ messages: "go" });
    expect(subModel.calls.map((c) => c.messages.map((m) => m.text))).toEqual([
      ["first"],
      ["second"],
    ]);
  });
});

describe("subagents: single dispatch tool", () => {
  function setup() {
    const researchModel = new ScriptedChatModel({ replies: ["facts"] });
    const writerModel = new ScriptedChatModel({ replies: ["draft"] });
    const SUBAGENTS = {
      research: createAgent({
        model: researchModel,
        systemPrompt: "You are a research specialist...",
      }),
      writer: createAgent({ model: writerModel, systemPrompt: "You are a writing specialist..." }),
    };
    const task = tool(
      async ({
        agentName,
        description,
      }: {
        agentName: keyof typeof SUBAGENTS;
        description: string;
      }) => {
        const result = await SUBAGENTS[agentName].invoke({
          messages: [{ role: "user", content: description }],
        });
        return result.messages.at(-1)?.text;
      },
      {
        name: "task",
        description: "Launch an ephemeral subagent.\n\nAvailable agents:\n- research\n- writer",
        schema: z.object({
          agentName: z.enum(["research", "writer"]).describe("Name of agent to invoke"),
          description: z.string().describe("Task description"),
        }),
      },
    );
    return { researchModel, writerModel, task };
  }

  it("dispatches by name, the task description as the human message, in parallel", async () => {
    const { researchModel, writerModel, task } = setup();
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "task", args: { agentName: "research", description: "find facts" }, id: "t1" },
            { name: "task", args: { agentName: "writer", description: "write it" }, id: "t2" },
          ],
        },
        "both done",
      ],
    });
    const main = createAgent({ model, tools: [task] });
    const result = await main.invoke({ messages: "research then write" });
    expect(researchModel.calls[0]!.messages.map((m) => m.text)).toEqual([
      "You are a research specialist...",
      "find facts",
    ]);
    expect(writerModel.calls[0]!.messages.map((m) => m.text)).toEqual([
      "You are a writing specialist...",
      "write it",
    ]);
    const results = result.messages.filter((m) => m.type === "tool") as ToolMessage[];
    expect(results.map((m) => [m.tool_call_id, m.text])).toEqual([
      ["t1", "facts"],
      ["t2", "draft"],
    ]);
    // The enum constraint is offered to the model in the tool's JSON schema.
    const parameters = model.calls[0]!.tools[0]!.parameters as {
      properties: { agentName: { enum: string[] } };
    };
    expect(parameters.properties.agentName.enum).toEqual(["research", "writer"]);
  });

  it("rejects an unknown agent name before any subagent runs", async () => {
    const { researchModel, writerModel, task } = setup();
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "task", args: { agentName: "lawyer", description: "x" } }] },
        "sorry",
      ],
    });
    const result = await createAgent({ model, tools: [task] }).invoke({ messages: "go" });
    const toolMessage = result.messages[2] as ToolMessage;
    expect(toolMessage.status).toBe("error");
    expect(researchModel.calls).toHaveLength(0);
    expect(writerModel.calls).toHaveLength(0);
  });
});

describe("subagents: context engineering", () => {
  const NotesState = z.object({ notes: z.array(z.string()).default([]) });

  it("the tool reads the main state (getCurrentTaskInput) and returns extra state with a Command", async () => {
    const subModel = new ScriptedChatModel({
      replies: [(call) => `saw ${call.messages.map((m) => m.text).join(" + ")}`],
    });
    const subagent = createAgent({ model: subModel, stateSchema: NotesState });
    const summarize = tool(
      async ({ query }: { query: string }, config: ToolRuntime) => {
        const state = getCurrentTaskInput<AgentState>();
        const history = state.messages.filter((m) => m.type === "human");
        const result = await subagent.invoke({
          messages: [...history, { role: "user", content: query }],
          notes: ["from main"],
        });
        return new Command({
          update: {
            notes: [...result.notes, result.messages.at(-1)?.text ?? ""],
            messages: [
              new ToolMessage({
                content: result.messages.at(-1)?.text ?? "",
                tool_call_id: config.toolCall?.id ?? "",
              }),
            ],
          },
        });
      },
      { name: "summarize", description: "Summarize.", schema: z.object({ query: z.string() }) },
    );
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "summarize", args: { query: "sum up" }, id: "s1" }] }, "ok"],
    });
    const main = createAgent({ model, tools: [summarize], stateSchema: NotesState });
    const result = await main.invoke({ messages: "we meet Friday" });

    expect(subModel.calls[0]!.messages.map((m) => m.text)).toEqual(["we meet Friday", "sum up"]);
    expect(result.notes).toEqual(["from main", "saw we meet Friday + sum up"]);
    const toolMessage = result.messages[2] as ToolMessage;
    expect([toolMessage.tool_call_id, toolMessage.text]).toEqual([
      "s1",
      "saw we meet Friday + sum up",
    ]);
  });
});

describe("subagents: async (start, check, fetch)", () => {
  it("reports running while the background subagent works, then its result", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reviewer = createAgent({
      model: new ScriptedChatModel({
        replies: [
          async () => {
            await gate;
            return "2 risky clauses";
          },
        ],
      }),
    });
    const jobs = new Map<string, { status: string; result?: string; done: Promise<unknown> }>();
    const start = tool(
      async ({ task }: { task: string }) => {
        const id = `job_${jobs.size + 1}`;
        const job = {
          status: "running",
          result: undefined as string | undefined,
          done: Promise.resolve() as Promise<unknown>,
        };
        job.done = reviewer.invoke({ messages: task }).then((r) => {
          job.status = "completed";
          job.result = r.messages.at(-1)?.text;
        });
        jobs.set(id, job);
        return id;
      },
      { name: "run_agent", description: "Start a job.", schema: z.object({ task: z.string() }) },
    );
    const status = tool(async ({ id }: { id: string }) => jobs.get(id)?.status ?? "unknown", {
      name: "check_status",
      description: "Job status.",
      schema: z.object({ id: z.string() }),
    });
    const fetch = tool(async ({ id }: { id: string }) => jobs.get(id)?.result ?? "not ready", {
      name: "get_result",
      description: "Job result.",
      schema: z.object({ id: z.string() }),
    });
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "run_agent", args: { task: "review" } }] },
        "started",
        { toolCalls: [{ name: "check_status", args: { id: "job_1" } }] },
        "still running",
        {
          toolCalls: [
            { name: "check_status", args: { id: "job_1" } },
            { name: "get_result", args: { id: "job_1" } },
          ],
        },
        "done",
      ],
    });
    const main = createAgent({
      model,
      tools: [start, status, fetch],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "jobs" } };
    const lastTools = (messages: { type: string; text: string }[]) =>
      messages
        .slice(messages.findLastIndex((m) => m.type === "human"))
        .filter((m) => m.type === "tool")
        .map((m) => m.text);

    // The main agent answers at once: the review is still waiting at the gate.
    const turn1 = await main.invoke({ messages: "review the contract" }, config);
    expect(lastTools(turn1.messages)).toEqual(["job_1"]);
    const turn2 = await main.invoke({ messages: "status?" }, config);
    expect(lastTools(turn2.messages)).toEqual(["running"]);

    release();
    await jobs.get("job_1")!.done;
    const turn3 = await main.invoke({ messages: "done yet?" }, config);
    expect(lastTools(turn3.messages)).toEqual(["completed", "2 risky clauses"]);
  });
});

describe("subagents: user interaction inside a subagent", () => {
  it("an interrupt in the subagent pauses the main agent; resuming continues the subagent", async () => {
    const confirm = tool(
      async ({ action }: { action: string }) => {
        const answer: string = interrupt({ question: `Really ${action}?` });
        return answer === "yes" ? `${action}: done` : `${action}: cancelled`;
      },
      {
        name: "confirm_action",
        description: "Ask the user first.",
        schema: z.object({ action: z.string() }),
      },
    );
    const subModel = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "confirm_action", args: { action: "delete the draft" } }] },
        (call) => `sub: ${call.messages.at(-1)?.text}`,
      ],
    });
    const sub = createAgent({ model: subModel, tools: [confirm] });
    const delegate = tool(
      async ({ job }: { job: string }) =>
        (await sub.invoke({ messages: job })).messages.at(-1)?.text,
      { name: "delegate", description: "Delegate a job.", schema: z.object({ job: z.string() }) },
    );
    const mainModel = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "delegate", args: { job: "clean up" } }] },
        (call) => `main: ${call.messages.at(-1)?.text}`,
      ],
    });
    const main = createAgent({
      model: mainModel,
      tools: [delegate],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "hitl" } };

    const paused = await main.invoke({ messages: "tidy my drafts" }, config);
    expect(isInterrupted(paused)).toBe(true);
    if (!isInterrupted<{ question: string }>(paused)) return;
    expect(paused.__interrupt__[0]!.value).toEqual({ question: "Really delete the draft?" });

    const resumed = await main.invoke(new Command({ resume: "yes" }), config);
    expect(resumed.messages.at(-1)!.text).toBe("main: sub: delete the draft: done");
    // The subagent's first model call was not repeated on resume.
    expect(subModel.calls).toHaveLength(2);
  });
});

describe("subagents: streaming", () => {
  it("the subagent's steps and tokens stream under the main agent's tools node", async () => {
    const sub = createAgent({
      model: new ScriptedChatModel({ replies: ["sub answer"] }),
      name: "researcher",
    });
    const research = tool(
      async ({ q }: { q: string }) => (await sub.invoke({ messages: q })).messages.at(-1)?.text,
      { name: "research", description: "Research.", schema: z.object({ q: z.string() }) },
    );
    const main = createAgent({
      model: new ScriptedChatModel({
        replies: [{ toolCalls: [{ name: "research", args: { q: "x" } }] }, "main answer"],
      }),
      tools: [research],
    });
    const seen: string[] = [];
    const stream = await main.stream(
      { messages: "go" },
      { streamMode: ["updates", "messages"], subgraphs: true },
    );
    for await (const [namespace, mode, data] of stream as AsyncIterable<
      [string[], string, unknown]
    >) {
      const where = namespace.map((n) => n.split(":")[0]).join("/") || "main";
      if (mode === "messages") {
        // LLM tokens, and the messages nodes write (here the subagent's answer as a ToolMessage).
        const [message] = data as [{ content: unknown; type: string }];
        if (message.content !== "")
          seen.push(`${where} ${message.type} ${String(message.content)}`);
      } else seen.push(`${where} step ${Object.keys(data as object).join(",")}`);
    }
    expect(seen).toEqual([
      "main step model_request",
      "tools ai sub",
      "tools ai  answer",
      "tools step model_request",
      "main tool sub answer",
      "main step tools",
      "main ai main",
      "main ai  answer",
      "main step model_request",
    ]);
  });
});
