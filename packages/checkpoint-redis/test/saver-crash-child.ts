/**
 * Runs a four-step graph on a RedisSaver and stops for good inside one step, so that a
 * test can kill this process there. Arguments: Redis URL, key prefix, step to stop in.
 */
import { Annotation, END, START, StateGraph } from "@weft/graph";
import { RedisSaver } from "../src/saver.ts";

export const STEPS = ["plan", "fetch", "write", "review"] as const;

const State = Annotation.Root({
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

/** A linear graph of {@link STEPS}; each appends its name to `log` after `onStep`. */
export function stepsGraph(
  checkpointer: RedisSaver,
  onStep: (step: string) => Promise<void> | void = () => {},
) {
  const graph = new StateGraph(State)
    .addNode("plan", async () => {
      await onStep("plan");
      return { log: ["plan"] };
    })
    .addNode("fetch", async () => {
      await onStep("fetch");
      return { log: ["fetch"] };
    })
    .addNode("write", async () => {
      await onStep("write");
      return { log: ["write"] };
    })
    .addNode("review", async () => {
      await onStep("review");
      return { log: ["review"] };
    })
    .addEdge(START, "plan")
    .addEdge("plan", "fetch")
    .addEdge("fetch", "write")
    .addEdge("write", "review")
    .addEdge("review", END);
  return graph.compile({ checkpointer });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, keyPrefix, freezeAt] = process.argv.slice(2);
  const saver = await RedisSaver.fromUrl(url!, { keyPrefix });
  const graph = stepsGraph(saver, async (step) => {
    if (step !== freezeAt) return;
    process.stdout.write(`reached ${step}\n`);
    await new Promise(() => {}); // never resolves: the test kills us here
  });
  // "sync": each step's checkpoint is in Redis before the next step starts (the default,
  // "async", writes it while the next step runs, so a crash may lose the last step).
  await graph.invoke(
    { log: ["start"] },
    { configurable: { thread_id: "crash" }, durability: "sync" },
  );
  process.stdout.write("finished\n");
  await saver.close();
}
