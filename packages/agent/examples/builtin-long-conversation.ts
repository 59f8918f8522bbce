/**
 * Keeping a long conversation within the model's context, offline (`ScriptedChatModel`
 * plays both the agent's model and the summarizer):
 *
 * - `contextEditingMiddleware` hides old, bulky tool results from each model call while
 *   the thread keeps them;
 * - `summarizationMiddleware` replaces the oldest turns by a summary, permanently, never
 *   separating a tool call from its result;
 * - `modelFallbackMiddleware` answers with a second model when the first one fails.
 *
 * Run from packages/agent: `node --conditions=@weft/source examples/builtin-long-conversation.ts`
 */
import {
  ClearToolUsesEdit,
  contextEditingMiddleware,
  createAgent,
  MemorySaver,
  modelFallbackMiddleware,
  summarizationMiddleware,
  tool,
} from "@weft/agent";
import { ScriptedChatModel } from "@weft/graph";
import * as z from "zod";

const fetchPage = tool(({ url }) => `<html>${"lorem ipsum ".repeat(200)}</html> (${url})`, {
  name: "fetch_page",
  description: "Download a web page.",
  schema: z.object({ url: z.string() }),
});

// Each turn: fetch a page, then answer from it; on turn 3 the answer call fails and the
// backup model answers instead.
let turn = 0;
const primary = new ScriptedChatModel({
  cycle: true,
  replies: [
    () => ({ toolCalls: [{ name: "fetch_page", args: { url: `https://example.com/${++turn}` } }] }),
    () =>
      turn === 3 ? new Error("primary model overloaded") : `Page ${turn} is mostly lorem ipsum.`,
  ],
});
const backup = new ScriptedChatModel({
  cycle: true,
  replies: ["(backup model) Page 3 looks similar."],
});
const summarizer = new ScriptedChatModel({
  cycle: true,
  replies: [
    ({ messages }) =>
      `The user asked to read pages ${[...(messages[0]?.text ?? "").matchAll(/Human: Read page (\d+)/g)].map((m) => m[1]).join(", ")}; each was mostly lorem ipsum.`,
  ],
});

const agent = createAgent({
  model: primary,
  tools: [fetchPage],
  middleware: [
    summarizationMiddleware({
      model: summarizer,
      trigger: { messages: 14 },
      keep: { messages: 4 },
    }),
    contextEditingMiddleware({
      edits: [new ClearToolUsesEdit({ trigger: { tokens: 1000 }, keep: { messages: 1 } })],
    }),
    modelFallbackMiddleware(backup),
  ],
  checkpointer: new MemorySaver(),
});

const config = { configurable: { thread_id: "research" } };
for (let i = 1; i <= 5; i++) {
  const result = await agent.invoke({ messages: `Read page ${i} and sum it up.` }, config);
  const last = primary.calls.at(-1);
  const cleared = last?.messages.filter((m) => m.text === "[cleared]").length ?? 0;
  console.log(
    `turn ${i}: ${result.messages.length} messages in state, ${cleared} tool results hidden from the last call → ${result.messages.at(-1)?.text}`,
  );
}
const state = await agent.getState(config);
console.log(`\nfirst message now: ${state.values.messages[0]?.text.split("\n").join(" ")}`);
