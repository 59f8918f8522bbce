/**
 * A customer-support agent built with `createAgent`: tools that read the run's context
 * and the store, a middleware that counts model calls and blocks banned requests, a
 * dynamic system prompt, per-thread memory, streaming of progress and custom updates,
 * and a structured final answer. It runs offline: a scripted model plays the LLM (swap
 * in `model: "openai:gpt-4.1-mini"` with `OPENAI_API_KEY` set to use a real one).
 *
 * Run from the repo root: `node --conditions=@weft/source packages/agent/examples/support-agent.ts`
 */

import {
  AIMessage,
  createAgent,
  createMiddleware,
  dynamicSystemPromptMiddleware,
  type ToolRuntime,
  tool,
  toolStrategy,
} from "@weft/agent";
import { InMemoryStore, MemorySaver, ScriptedChatModel } from "@weft/graph";
import * as z from "zod";

type Context = { userId: string; plan: "free" | "pro" };

// Long-term memory: what we know about each user.
const store = new InMemoryStore();
await store.put(["users"], "u-42", { name: "Ada", orders: ["A-1001"] });

const lookupOrder = tool(
  async ({ orderId }: { orderId: string }, runtime: ToolRuntime<unknown, Context>) => {
    runtime.writer?.({ progress: `looking up ${orderId}` });
    const user = await runtime.store?.get(["users"], runtime.context!.userId);
    const owned = (user?.value as { orders: string[] } | undefined)?.orders ?? [];
    return owned.includes(orderId) ? `${orderId}: shipped yesterday` : `${orderId}: not found`;
  },
  {
    name: "lookup_order",
    description: "Look an order up by id.",
    schema: z.object({ orderId: z.string() }),
  },
);

const guard = createMiddleware({
  name: "Guard",
  stateSchema: z.object({ modelCalls: z.number().default(0) }),
  beforeAgent: {
    canJumpTo: ["end"],
    hook: (state) =>
      state.messages.at(-1)?.text.includes("refund everything")
        ? { messages: [new AIMessage("I can't do that.")], jumpTo: "end" }
        : undefined,
  },
  afterModel: (state) => ({ modelCalls: state.modelCalls + 1 }),
});

const Resolution = z
  .object({ orderId: z.string(), status: z.string(), followUp: z.boolean() })
  .meta({ title: "Resolution" });

const model = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "lookup_order", args: { orderId: "A-1001" } }] },
    {
      toolCalls: [
        { name: "Resolution", args: { orderId: "A-1001", status: "shipped", followUp: false } },
      ],
    },
  ],
});

const agent = createAgent({
  model,
  tools: [lookupOrder],
  systemPrompt: "You are a support agent.",
  responseFormat: toolStrategy(Resolution),
  middleware: [
    guard,
    dynamicSystemPromptMiddleware<Context>((_state, runtime) =>
      runtime.context.plan === "pro" ? "This is a priority customer." : "Be concise.",
    ),
  ],
  contextSchema: z.object({ userId: z.string(), plan: z.enum(["free", "pro"]) }),
  checkpointer: new MemorySaver(),
  store,
});

const config = {
  configurable: { thread_id: "ticket-7" },
  context: { userId: "u-42", plan: "pro" } satisfies Context,
};

for await (const [mode, chunk] of await agent.stream(
  { messages: [{ role: "user", content: "Where is my order A-1001?" }] },
  { ...config, streamMode: ["updates", "custom"] },
)) {
  if (mode === "custom") console.log("[custom]", JSON.stringify(chunk));
  else console.log("[updates]", Object.keys(chunk as object).join(", "));
}

const state = await agent.getState(config);
console.log("structured:", JSON.stringify(state.values.structuredResponse));
console.log("model calls:", state.values.modelCalls);

const blocked = await agent.invoke(
  { messages: [{ role: "user", content: "Please refund everything now" }] },
  { ...config, configurable: { thread_id: "ticket-8" } },
);
console.log("blocked:", blocked.messages.at(-1)?.text);
