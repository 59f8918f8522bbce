import { MemorySaver } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Command } from "../command.ts";
import type { ToolMessage } from "../messages/index.ts";
import { ScriptedChatModel } from "../models/scripted-chat-model.ts";
import { interrupt } from "../runtime/interrupt.ts";
import { tool } from "../tools/tool.ts";
import { createReactAgent } from "./react-agent.ts";

const sendEmailTool = tool(
  async ({ to, subject, body }) => {
    const response = interrupt({
      action: "send_email",
      to,
      subject,
      body,
      message: "Approve sending this email?",
    });
    if (response?.action === "approve") {
      return `Email sent to ${response.to ?? to} (${response.subject ?? subject})`;
    }
    return "Email cancelled by user";
  },
  {
    name: "send_email",
    description: "Send an email to a recipient",
    schema: z.object({ to: z.string(), subject: z.string(), body: z.string() }),
  },
);

const emailCall = (to: string) => ({
  name: "send_email",
  args: { to, subject: "Meeting", body: "See you at 3." },
});

describe("interrupt() inside a tool run by the agent", () => {
  it("pauses the run (never an error ToolMessage) and resumes with the answer", async () => {
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [emailCall("alice@example.com")] }, "Done, the email is sent."],
    });
    const agent = createReactAgent({
      llm: model,
      tools: [sendEmailTool],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "email-workflow" } };
    const initial = (await agent.invoke(
      { messages: [{ role: "user", content: "Email alice@example.com about the meeting" }] },
      config,
    )) as Record<string, any>;
    expect(initial.__interrupt__).toHaveLength(1);
    expect(initial.__interrupt__[0].value).toMatchObject({
      action: "send_email",
      to: "alice@example.com",
    });
    expect(initial.messages.map((m: { type: string }) => m.type)).toEqual(["human", "ai"]);

    const resumed = await agent.invoke(
      new Command({ resume: { action: "approve", subject: "Updated subject" } }),
      config,
    );
    const toolMessage = resumed.messages.find((m) => m.type === "tool") as ToolMessage;
    expect(toolMessage).toMatchObject({
      status: "success",
      content: "Email sent to alice@example.com (Updated subject)",
    });
    expect(resumed.messages.at(-1)!.content).toBe("Done, the email is sent.");
  });

  it("v2: parallel interrupting tool calls get separate ids and their own answers", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [emailCall("alice@example.com"), emailCall("bob@example.com")] },
        "Handled both.",
      ],
    });
    const agent = createReactAgent({
      llm: model,
      tools: [sendEmailTool],
      checkpointer: new MemorySaver(),
      version: "v2",
    });
    const config = { configurable: { thread_id: "two-emails" } };
    const paused = (await agent.invoke({ messages: "email both" }, config)) as Record<string, any>;
    const pending = paused.__interrupt__ as { id: string; value: { to: string } }[];
    expect(pending.map((i) => i.value.to).sort()).toEqual(["alice@example.com", "bob@example.com"]);
    expect(new Set(pending.map((i) => i.id)).size).toBe(2);
    const answers = Object.fromEntries(
      pending.map((i) => [
        i.id,
        i.value.to.startsWith("alice") ? { action: "approve" } : { action: "reject" },
      ]),
    );
    const done = await agent.invoke(new Command({ resume: answers }), config);
    const results = done.messages
      .filter((m): m is ToolMessage => m.type === "tool")
      .map((m) => m.content)
      .sort();
    expect(results).toEqual([
      "Email cancelled by user",
      "Email sent to alice@example.com (Meeting)",
    ]);
  });
});
