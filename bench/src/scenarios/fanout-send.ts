import type { BenchLib } from "../libs/bench-lib.ts";
import type { Scenario } from "../scenario.ts";
import { timed } from "../timer.ts";
import { compileFor, freshThread } from "./compile.ts";
import { noneAndSavers } from "./variants.ts";

interface Sizes {
  sends: number;
}

/** `fan` sends `sends` tasks to `work`; each returns one result, concatenated into a list. */
export function buildFanout(lib: BenchLib, sends: number): any {
  const State = lib.Annotation.Root({
    results: lib.Annotation({
      reducer: (all: number[], more: number[]) => all.concat(more),
      default: () => [],
    }),
  });
  return new lib.StateGraph(State)
    .addNode("fan", () => ({}))
    .addNode("work", (task: { i: number }) => ({ results: [task.i * 2] }))
    .addEdge(lib.START, "fan")
    .addConditionalEdges("fan", () =>
      Array.from({ length: sends }, (_, i) => new lib.Send("work", { i })),
    )
    .addEdge("work", lib.END);
}

/** `fanout_send`: one node sends 100 `Send`s, results reduced into a list. */
export const fanoutSend: Scenario<Sizes> = {
  name: "fanout_send",
  summary: "one node sends 100 Sends, results reduced into a list; one invoke",
  sizes: { sends: 100 },
  smokeSizes: { sends: 100 },
  runs: { warmup: 20, measured: 50 },
  variants: noneAndSavers(),
  metrics: [{ key: "invoke", label: "invoke", unit: "ms", better: "lower", compare: true }],
  async prepare(lib, variant, sizes) {
    const graph = await compileFor(buildFanout(lib, sizes.sends), lib, variant);
    return async () => {
      const { ms, result } = await timed(() => graph.invoke({ results: [] }, freshThread()));
      return { values: { invoke: ms }, output: result };
    };
  },
  check(output, sizes) {
    const results = (output as { results?: number[] }).results ?? [];
    const sorted = [...results].sort((a, b) => a - b);
    const expected = Array.from({ length: sizes.sends }, (_, i) => i * 2);
    return sorted.length === expected.length && sorted.every((v, i) => v === expected[i])
      ? undefined
      : `got ${results.length} results, expected ${sizes.sends} (0, 2, 4, ...)`;
  },
};
