import type { BenchLib } from "../libs/bench-lib.ts";
import type { Scenario } from "../scenario.ts";
import { timed } from "../timer.ts";
import { compileFor, freshThread } from "./compile.ts";
import { noneAndSavers } from "./variants.ts";

interface Sizes {
  nodes: number;
}

/** A linear graph of `nodes` nodes, each adding one to a last-value counter. */
export function buildSeqChain(lib: BenchLib, nodes: number): any {
  const State = lib.Annotation.Root({ counter: lib.Annotation() });
  const builder = new lib.StateGraph(State);
  let previous = lib.START;
  for (let i = 0; i < nodes; i++) {
    const name = `node_${i}`;
    builder.addNode(name, (state: { counter: number }) => ({ counter: state.counter + 1 }));
    builder.addEdge(previous, name);
    previous = name;
  }
  builder.addEdge(previous, lib.END);
  return builder;
}

/** `seq_chain`: one invoke of a 100-node linear graph. */
export const seqChain: Scenario<Sizes> = {
  name: "seq_chain",
  summary: "100-node linear graph, each node increments a counter; one invoke",
  sizes: { nodes: 100 },
  smokeSizes: { nodes: 100 },
  runs: { warmup: 20, measured: 50 },
  variants: noneAndSavers(),
  metrics: [{ key: "invoke", label: "invoke", unit: "ms", better: "lower", compare: true }],
  async prepare(lib, variant, sizes) {
    const graph = await compileFor(buildSeqChain(lib, sizes.nodes), lib, variant);
    return async () => {
      const options = freshThread({ recursionLimit: sizes.nodes + 10 });
      const { ms, result } = await timed(() => graph.invoke({ counter: 0 }, options));
      return { values: { invoke: ms }, output: result };
    };
  },
  check(output, sizes) {
    const counter = (output as { counter?: unknown }).counter;
    return counter === sizes.nodes ? undefined : `counter is ${counter}, expected ${sizes.nodes}`;
  },
};
