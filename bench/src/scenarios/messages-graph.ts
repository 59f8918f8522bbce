import type { BenchLib } from "../libs/bench-lib.ts";
import type { Variant } from "../scenario.ts";

/** Text of every model reply: long enough that serializing history is real work. */
const REPLY = "Let me look that up for you; one moment while I call the lookup tool. ".repeat(2);

/** The times at which each node started, in ms; the gaps between them are step costs. */
export interface StepMarks {
  starts: number[];
}

/**
 * An agent ↔ tool loop that appends one message per step until the thread holds
 * `messages` messages: the agent asks for a tool call, the tool answers it.
 */
export function buildMessagesLoop(
  lib: BenchLib,
  variant: Variant,
  messages: number,
  marks: StepMarks = { starts: [] },
): any {
  const State = new lib.StateSchema({ messages: lib.messagesField[variant.messages ?? "default"] });
  const next = (target: string) => (state: { messages: unknown[] }) =>
    state.messages.length >= messages ? lib.END : target;
  return new lib.StateGraph(State)
    .addNode("agent", (state: { messages: unknown[] }) => {
      marks.starts.push(performance.now());
      const n = state.messages.length;
      const call = { id: `call_${n}`, name: "lookup", args: { query: `item ${n}` } };
      return { messages: [lib.aiMessage(`${REPLY}(${n})`, [call])] };
    })
    .addNode("tool", (state: { messages: { tool_calls?: { id: string }[] }[] }) => {
      marks.starts.push(performance.now());
      const callId = state.messages.at(-1)?.tool_calls?.[0]?.id ?? "missing";
      return { messages: [lib.toolMessage(`result for ${callId}`, callId)] };
    })
    .addEdge(lib.START, "agent")
    .addConditionalEdges("agent", next("tool"), ["tool", lib.END])
    .addConditionalEdges("tool", next("agent"), ["agent", lib.END]);
}

/** The input of the loop: one user message. */
export function loopInput(lib: BenchLib): { messages: unknown[] } {
  return { messages: [lib.humanMessage("Find me the first few items, please.")] };
}

/** Describes what is wrong with a finished loop's messages, or undefined. */
export function checkLoopMessages(messages: unknown, expected: number): string | undefined {
  if (!Array.isArray(messages)) return "no messages list in the output";
  if (messages.length !== expected) return `${messages.length} messages, expected ${expected}`;
  const types = messages.map((m) => (m as { type?: string }).type);
  const wrong = types.findIndex((type, i) => type !== (i === 0 ? "human" : i % 2 ? "ai" : "tool"));
  return wrong === -1 ? undefined : `message ${wrong} is "${types[wrong]}"`;
}
