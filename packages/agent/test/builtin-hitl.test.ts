import { type BaseMessage, MemorySaver, ScriptedChatModel, WeftError } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  Command,
  createAgent,
  type HITLRequest,
  HumanMessage,
  humanInTheLoopMiddleware,
  tool,
} from "../src/index.ts";

function fileTools() {
  const written: { filename: string; content: string }[] = [];
  const writeFile = tool(
    async ({ filename, content }: { filename: string; content: string }) => {
      written.push({ filename, content });
      return `wrote ${filename}`;
    },
    {
      name: "write_file",
      description: "Write a file.",
      schema: z.object({ filename: z.string(), content: z.string() }),
    },
  );
  const readFile = tool(async ({ filename }: { filename: string }) => `contents of ${filename}`, {
    name: "read_file",
    description: "Read a file.",
    schema: z.object({ filename: z.string() }),
  });
  const executeSql = tool(async ({ query }: { query: string }) => `ran ${query}`, {
    name: "execute_sql",
    description: "Run SQL.",
    schema: z.object({ query: z.string() }),
  });
  return { written, tools: [writeFile, readFile, executeSql] };
}

const thread = (id: string) => ({ configurable: { thread_id: id } });

function interruptOf(result: unknown): HITLRequest {
  const interrupts = (result as { __interrupt__?: { value: HITLRequest }[] }).__interrupt__;
  expect(interrupts).toHaveLength(1);
  return interrupts![0]!.value;
}

describe("humanInTheLoopMiddleware", () => {
  it("pauses before a reviewed tool with the documented payload, and runs it once approved", async () => {
    const { written, tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [{ name: "write_file", args: { filename: "a.txt", content: "hi" }, id: "w1" }],
        },
        "Saved.",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        humanInTheLoopMiddleware({
          interruptOn: { write_file: true, read_file: false },
          descriptionPrefix: "Tool execution pending approval",
        }),
      ],
      checkpointer: new MemorySaver(),
    });
    const paused = await agent.invoke({ messages: [new HumanMessage("save hi")] }, thread("t1"));
    expect(interruptOf(paused)).toEqual({
      actionRequests: [
        {
          name: "write_file",
          args: { filename: "a.txt", content: "hi" },
          description: `Tool execution pending approval\n\nTool: write_file\nArgs: ${JSON.stringify({ filename: "a.txt", content: "hi" }, null, 2)}`,
        },
      ],
      reviewConfigs: [
        { actionName: "write_file", allowedDecisions: ["approve", "edit", "reject"] },
      ],
    });
    expect(written).toEqual([]);

    const done = await agent.invoke(
      new Command({ resume: { decisions: [{ type: "approve" }] } }),
      thread("t1"),
    );
    expect(written).toEqual([{ filename: "a.txt", content: "hi" }]);
    expect(done.messages.map((m) => m.type)).toEqual(["human", "ai", "tool", "ai"]);
    expect(done.messages.at(-1)!.content).toBe("Saved.");
  });

  it("runs an edited call with the new arguments under the same call id", async () => {
    const { written, tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "write_file", args: { filename: "/etc/passwd", content: "x" }, id: "w1" },
          ],
        },
        "Done.",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        humanInTheLoopMiddleware({
          interruptOn: { write_file: { allowedDecisions: ["approve", "edit"] } },
        }),
      ],
      checkpointer: new MemorySaver(),
    });
    await agent.invoke({ messages: [new HumanMessage("write")] }, thread("t2"));
    const done = await agent.invoke(
      new Command({
        resume: {
          decisions: [
            {
              type: "edit",
              editedAction: { name: "write_file", args: { filename: "safe.txt", content: "x" } },
            },
          ],
        },
      }),
      thread("t2"),
    );
    expect(written).toEqual([{ filename: "safe.txt", content: "x" }]);
    const aiCall = (done.messages[1] as unknown as { tool_calls: { id: string; args: unknown }[] })
      .tool_calls[0]!;
    expect(aiCall).toMatchObject({ id: "w1", args: { filename: "safe.txt", content: "x" } });
    expect((done.messages[2] as unknown as { tool_call_id: string }).tool_call_id).toBe("w1");
  });

  it("answers a rejected call with the reviewer's message and asks the model again", async () => {
    const { written, tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "execute_sql", args: { query: "DELETE FROM records" }, id: "s1" }] },
        "Understood, I will not delete anything.",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        humanInTheLoopMiddleware({
          interruptOn: {
            execute_sql: {
              allowedDecisions: ["approve", "reject"],
              description: "SQL execution requires DBA approval",
            },
          },
        }),
      ],
      checkpointer: new MemorySaver(),
    });
    const paused = await agent.invoke({ messages: [new HumanMessage("clean up")] }, thread("t3"));
    expect(interruptOf(paused).actionRequests[0]!.description).toBe(
      "SQL execution requires DBA approval",
    );
    const done = await agent.invoke(
      new Command({
        resume: { decisions: [{ type: "reject", message: "No deletes in production." }] },
      }),
      thread("t3"),
    );
    expect(written).toEqual([]);
    const rejection = done.messages[2] as unknown as {
      content: string;
      status: string;
      tool_call_id: string;
    };
    expect(rejection).toMatchObject({
      content: "No deletes in production.",
      status: "error",
      tool_call_id: "s1",
    });
    // The model saw the rejection on its second call.
    expect(model.calls[1]!.messages.at(-1)!.content).toBe("No deletes in production.");
    expect(done.messages.at(-1)!.content).toBe("Understood, I will not delete anything.");
  });

  it("reviews several calls of one reply in one interrupt, in order, and runs unreviewed ones", async () => {
    const { written, tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "write_file", args: { filename: "1.txt", content: "one" }, id: "w1" },
            { name: "read_file", args: { filename: "r.txt" }, id: "r1" },
            { name: "execute_sql", args: { query: "DROP TABLE t" }, id: "s1" },
            { name: "write_file", args: { filename: "2.txt", content: "two" }, id: "w2" },
          ],
        },
        "All handled.",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        humanInTheLoopMiddleware({ interruptOn: { write_file: true, execute_sql: true } }),
      ],
      checkpointer: new MemorySaver(),
    });
    const paused = await agent.invoke({ messages: [new HumanMessage("go")] }, thread("t4"));
    expect(interruptOf(paused).actionRequests.map((a) => a.name)).toEqual([
      "write_file",
      "execute_sql",
      "write_file",
    ]);
    const done = await agent.invoke(
      new Command({
        resume: {
          decisions: [
            { type: "approve" },
            { type: "reject", message: "not allowed" },
            {
              type: "edit",
              editedAction: { name: "write_file", args: { filename: "2b.txt", content: "two" } },
            },
          ],
        },
      }),
      thread("t4"),
    );
    expect(written.map((w) => w.filename).sort()).toEqual(["1.txt", "2b.txt"]);
    const results = Object.fromEntries(
      done.messages
        .filter((m) => m.type === "tool")
        .map((m) => [(m as unknown as { tool_call_id: string }).tool_call_id, m.content]),
    );
    expect(results).toEqual({
      s1: "not allowed",
      w1: "wrote 1.txt",
      r1: "contents of r.txt",
      w2: "wrote 2b.txt",
    });
    expect(done.messages.at(-1)!.content).toBe("All handled.");
    expect(model.calls).toHaveLength(2);
  });

  it("accepts the older allowAccept / allowEdit / allowRespond spelling", async () => {
    const { tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "write_file", args: { filename: "a", content: "b" } }] },
        "ok",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        humanInTheLoopMiddleware({
          interruptOn: { write_file: { allowAccept: true, allowRespond: true } },
        }),
      ],
      checkpointer: new MemorySaver(),
    });
    const paused = await agent.invoke({ messages: [new HumanMessage("x")] }, thread("t5"));
    expect(interruptOf(paused).reviewConfigs[0]!.allowedDecisions).toEqual(["approve", "reject"]);
  });

  it("skips review when the `when` predicate says so, and builds descriptions with a function", async () => {
    const { written, tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "write_file", args: { filename: "/tmp/x", content: "1" }, id: "w1" },
            { name: "write_file", args: { filename: "/etc/x", content: "2" }, id: "w2" },
          ],
        },
        "ok",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        humanInTheLoopMiddleware({
          interruptOn: {
            write_file: {
              allowedDecisions: ["approve", "reject"],
              when: (request) => String(request.toolCall.args.filename).startsWith("/etc"),
              description: (call) => `Write to ${call.args.filename}?`,
            },
          },
        }),
      ],
      checkpointer: new MemorySaver(),
    });
    const paused = await agent.invoke({ messages: [new HumanMessage("x")] }, thread("t6"));
    expect(interruptOf(paused).actionRequests).toEqual([
      {
        name: "write_file",
        args: { filename: "/etc/x", content: "2" },
        description: "Write to /etc/x?",
      },
    ]);
    await agent.invoke(new Command({ resume: { decisions: [{ type: "reject" }] } }), thread("t6"));
    expect(written.map((w) => w.filename)).toEqual(["/tmp/x"]);
  });

  it("rejects a resume with the wrong number of decisions or a disallowed decision", async () => {
    const { written, tools } = fileTools();
    const build = () =>
      createAgent({
        model: new ScriptedChatModel({
          replies: [{ toolCalls: [{ name: "execute_sql", args: { query: "x" }, id: "s1" }] }, "ok"],
        }),
        tools,
        middleware: [
          humanInTheLoopMiddleware({
            interruptOn: { execute_sql: { allowedDecisions: ["approve", "reject"] } },
          }),
        ],
        checkpointer: new MemorySaver(),
      });
    const first = build();
    await first.invoke({ messages: [new HumanMessage("x")] }, thread("t7"));
    const wrongCount = await first
      .invoke(new Command({ resume: { decisions: [] } }), thread("t7"))
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(wrongCount, "INVALID_INPUT")).toBe(true);
    expect(String(wrongCount)).toContain("got 0 decision(s) for 1 action request(s)");

    const second = build();
    await second.invoke({ messages: [new HumanMessage("x")] }, thread("t8"));
    const disallowed = await second
      .invoke(
        new Command({
          resume: {
            decisions: [{ type: "edit", editedAction: { name: "execute_sql", args: {} } }],
          },
        }),
        thread("t8"),
      )
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(disallowed, "INVALID_INPUT")).toBe(true);
    expect(String(disallowed)).toContain("not allowed for tool 'execute_sql'");
    expect(written).toEqual([]);
    // The failed step wrote nothing: the conversation still ends at the reviewed call.
    const state = await second.getState(thread("t8"));
    expect(state.values.messages.map((m: { type: string }) => m.type)).toEqual(["human", "ai"]);
  });

  it("streams updates and tokens up to the interrupt and after the resume (docs: streaming with HITL)", async () => {
    const { written, tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [
        {
          content: "Let me save that.",
          toolCalls: [{ name: "write_file", args: { filename: "s.txt", content: "x" } }],
        },
        "Saved it.",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [humanInTheLoopMiddleware({ interruptOn: { write_file: true } })],
      checkpointer: new MemorySaver(),
    });
    const config = {
      ...thread("t9"),
      streamMode: ["updates", "messages"] as ("updates" | "messages")[],
    };
    let tokens = "";
    let interrupt: unknown;
    for await (const [mode, chunk] of await agent.stream(
      { messages: [new HumanMessage("save")] },
      config,
    )) {
      if (mode === "messages") tokens += (chunk as [BaseMessage, unknown])[0].text;
      else if (mode === "updates" && "__interrupt__" in (chunk as object)) {
        interrupt = (chunk as { __interrupt__: { value: HITLRequest }[] }).__interrupt__[0]!.value;
      }
    }
    expect(tokens).toContain("Let me save that.");
    expect((interrupt as HITLRequest).actionRequests[0]!.name).toBe("write_file");
    expect(written).toEqual([]);

    tokens = "";
    for await (const [mode, chunk] of await agent.stream(
      new Command({ resume: { decisions: [{ type: "approve" }] } }),
      config,
    )) {
      if (mode === "messages") tokens += (chunk as [BaseMessage, unknown])[0].text;
    }
    expect(written).toHaveLength(1);
    expect(tokens).toContain("Saved it.");
  });

  it("needs a checkpointer", async () => {
    const { tools } = fileTools();
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "write_file", args: { filename: "a", content: "b" } }] }],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [humanInTheLoopMiddleware({ interruptOn: { write_file: true } })],
    });
    const error = await agent
      .invoke({ messages: [new HumanMessage("x")] })
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "MISSING_CHECKPOINTER")).toBe(true);
  });

  it("rejects an invalid interruptOn entry when created", () => {
    expect(() =>
      humanInTheLoopMiddleware({ interruptOn: { x: { allowedDecisions: ["maybe" as never] } } }),
    ).toThrow(/allowedDecisions/);
  });
});
