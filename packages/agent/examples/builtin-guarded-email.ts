/**
 * An email assistant guarded by built-in middleware, offline: `ScriptedChatModel` plays
 * the model, so the same code runs with `model: "openai:gpt-4.1-mini"` once you have a key.
 *
 * - `piiMiddleware` masks the card number the user typed before the model sees it;
 * - `humanInTheLoopMiddleware` pauses before `send_email` until a human decides;
 * - `modelCallLimitMiddleware` and `toolCallLimitMiddleware` cap a runaway loop;
 * - `toolRetryMiddleware` retries the flaky mail server.
 *
 * Run from packages/agent: `node --conditions=@weft/source examples/builtin-guarded-email.ts`
 */
import {
  Command,
  createAgent,
  type HITLRequest,
  humanInTheLoopMiddleware,
  MemorySaver,
  modelCallLimitMiddleware,
  piiMiddleware,
  tool,
  toolCallLimitMiddleware,
  toolRetryMiddleware,
} from "@weft/agent";
import { ScriptedChatModel } from "@weft/graph";
import * as z from "zod";

let attempts = 0;
const sendEmail = tool(
  ({ to, body }) => {
    attempts++;
    if (attempts === 1) throw new Error("SMTP server busy");
    return `sent to ${to} (${body.length} characters)`;
  },
  {
    name: "send_email",
    description: "Send an email.",
    schema: z.object({ to: z.string(), body: z.string() }),
  },
);

const model = new ScriptedChatModel({
  replies: [
    ({ messages }) => ({
      content: "",
      toolCalls: [
        {
          name: "send_email",
          args: { to: "billing@example.com", body: messages.at(-1)?.text ?? "" },
        },
      ],
    }),
    "Done: billing has your message.",
  ],
});

const agent = createAgent({
  model,
  tools: [sendEmail],
  systemPrompt: "You send emails for the user.",
  middleware: [
    piiMiddleware("credit_card", { strategy: "mask" }),
    humanInTheLoopMiddleware({
      interruptOn: { send_email: { allowedDecisions: ["approve", "edit", "reject"] } },
    }),
    modelCallLimitMiddleware({ runLimit: 5 }),
    toolCallLimitMiddleware({ toolName: "send_email", runLimit: 2 }),
    toolRetryMiddleware({ maxRetries: 2, initialDelayMs: 50 }),
  ],
  checkpointer: new MemorySaver(),
});

const config = { configurable: { thread_id: "billing-1" } };
const paused = await agent.invoke(
  {
    messages: [
      { role: "user", content: "Tell billing my card 4111 1111 1111 1111 was charged twice." },
    ],
  },
  config,
);
console.log("user message as stored:", paused.messages[0]?.text);

const request = (paused.__interrupt__?.[0]?.value ?? {}) as HITLRequest;
for (const action of request.actionRequests ?? []) {
  console.log(`\nreview needed: ${action.name}`, action.args);
}

// The reviewer fixes the address and approves.
const done = await agent.invoke(
  new Command({
    resume: {
      decisions: [
        {
          type: "edit",
          editedAction: {
            name: "send_email",
            args: { ...request.actionRequests[0]?.args, to: "refunds@example.com" },
          },
        },
      ],
    },
  }),
  config,
);
for (const message of done.messages.slice(1)) console.log(`${message.type}: ${message.text}`);
console.log(`\nmodel calls this run: ${done.runModelCallCount}, send attempts: ${attempts}`);
