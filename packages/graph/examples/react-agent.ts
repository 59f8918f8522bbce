/**
 * A tool-calling agent that runs offline: `ScriptedChatModel` plays the model, so the
 * same code runs with `new ChatOpenAI({ model: "gpt-4o-mini" })` once you have a key.
 * It streams the agent's steps (`updates`), then its tokens (`messages`), then resumes a
 * thread to show memory.
 *
 * Run from packages/graph: `node --conditions=@weft/source examples/react-agent.ts`
 */
import { MemorySaver, ScriptedChatModel, tool } from "@weft/graph";
import { createReactAgent } from "@weft/graph/prebuilt";
import * as z from "zod";

const getWeather = tool(
  ({ city }) => (city.toLowerCase() === "sf" ? "60 degrees and foggy" : "90 degrees and sunny"),
  {
    name: "get_weather",
    description: "Get the current weather for a city.",
    schema: z.object({ city: z.string().describe("City name, e.g. sf") }),
  },
);

// The script: ask for the tool, then answer from its result (read from the conversation).
const model = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "get_weather", args: { city: "sf" } }] },
    ({ messages }) => `In sf it is ${messages.at(-1)?.text}.`,
  ],
  cycle: true,
});

const agent = createReactAgent({
  llm: model,
  tools: [getWeather],
  prompt: "You are a concise weather assistant.",
  checkpointer: new MemorySaver(),
});

const config = { configurable: { thread_id: "demo" } };

console.log("--- updates: one chunk per step");
for await (const chunk of await agent.stream(
  { messages: [{ role: "user", content: "What is the weather in sf?" }] },
  { ...config, streamMode: "updates" },
)) {
  for (const [node, update] of Object.entries(chunk as Record<string, any>)) {
    const last = update.messages.at(-1);
    const calls = last.tool_calls?.map((c: { name: string }) => c.name).join(", ");
    console.log(`[${node}] ${last.type}: ${calls ? `calls ${calls}` : last.text}`);
  }
}

console.log("--- messages: tokens as they are generated");
let line = "";
for await (const [chunk, metadata] of (await agent.stream(
  { messages: "And now?" },
  { ...config, streamMode: "messages" },
)) as AsyncIterable<[{ text: string }, { langgraph_node: string }]>) {
  if (metadata.langgraph_node === "agent" && chunk.text) line += `${chunk.text}|`;
}
console.log(line);

const state = await agent.getState(config);
console.log(`--- the thread holds ${state.values.messages.length} messages`);
