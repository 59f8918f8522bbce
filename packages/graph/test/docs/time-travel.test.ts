// Seed 003, "# Use time-travel": the joke workflow, run, inspected, edited and resumed
// from an older checkpoint. ChatAnthropic is replaced by a ScriptedChatModel whose replies
// follow the prompt it receives.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  END,
  type GraphNode,
  MemorySaver,
  ScriptedChatModel,
  START,
  StateGraph,
  StateSchema,
  type StateSnapshot,
} from "../../src/index.ts";

const SOCKS = 'How about "The Secret Life of Socks in the Dryer"?';

describe("Use time-travel: in a workflow", () => {
  it("runs, lists checkpoints, edits an older one and resumes from it", async () => {
    const State = new StateSchema({
      topic: z.string().optional(),
      joke: z.string().optional(),
    });

    const model = new ScriptedChatModel({
      replies: [
        ({ messages }) => {
          const prompt = messages.at(-1)!.text;
          if (prompt === "Give me a funny topic for a joke") return SOCKS;
          if (prompt.includes("chickens")) {
            return "Why did the chicken join a band?\n\nBecause it had excellent drumsticks!";
          }
          return "My socks eloped with someone else's socks.";
        },
      ],
      cycle: true,
    });

    const generateTopic: GraphNode<typeof State> = async () => {
      const msg = await model.invoke("Give me a funny topic for a joke");
      return { topic: msg.text };
    };
    const writeJoke: GraphNode<typeof State> = async (state) => {
      const msg = await model.invoke(`Write a short joke about ${state.topic}`);
      return { joke: msg.text };
    };

    const workflow = new StateGraph(State)
      .addNode("generateTopic", generateTopic)
      .addNode("writeJoke", writeJoke)
      .addEdge(START, "generateTopic")
      .addEdge("generateTopic", "writeJoke")
      .addEdge("writeJoke", END);
    const checkpointer = new MemorySaver();
    const graph = workflow.compile({ checkpointer });

    // 1. Run the graph
    const config = { configurable: { thread_id: crypto.randomUUID() } };
    const state = await graph.invoke({}, config);
    expect(state.topic).toBe(SOCKS);
    expect(state.joke).toBe("My socks eloped with someone else's socks.");

    // 2. Identify a checkpoint (newest first)
    const states: StateSnapshot[] = [];
    for await (const snapshot of graph.getStateHistory(config)) states.push(snapshot);
    expect(states.map((s) => s.next)).toEqual([
      [],
      ["writeJoke"],
      ["generateTopic"],
      ["__start__"],
    ]);
    const ids = states.map((s) => s.config.configurable?.checkpoint_id as string);
    expect(new Set(ids).size).toBe(4);
    // Checkpoint ids sort by time: newest first means descending order.
    expect([...ids].sort().reverse()).toEqual(ids);

    const selectedState = states[1]!;
    expect(selectedState.next).toEqual(["writeJoke"]);
    expect(selectedState.values).toEqual({ topic: SOCKS });

    // 3. Update the state: a new checkpoint on the same thread
    const newConfig = await graph.updateState(selectedState.config, { topic: "chickens" });
    expect(newConfig).toEqual({
      configurable: {
        thread_id: config.configurable.thread_id,
        checkpoint_ns: "",
        checkpoint_id: expect.any(String),
      },
    });
    expect(ids).not.toContain(newConfig.configurable?.checkpoint_id);

    // 4. Resume execution from the checkpoint
    const resumed = await graph.invoke(null, newConfig);
    expect(resumed).toEqual({
      topic: "chickens",
      joke: "Why did the chicken join a band?\n\nBecause it had excellent drumsticks!",
    });
    // generateTopic did not run again: the model saw two calls, then the chicken joke.
    expect(model.calls.map((call) => call.messages.at(-1)!.text)).toEqual([
      "Give me a funny topic for a joke",
      `Write a short joke about ${SOCKS}`,
      "Write a short joke about chickens",
    ]);

    // The fork is now the thread's latest state; the original run stays in the history.
    expect((await graph.getState(config)).values).toEqual(resumed);
    const history: StateSnapshot[] = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    expect(history.map((s) => s.config.configurable?.checkpoint_id)).toEqual(
      expect.arrayContaining(ids),
    );
  });
});
