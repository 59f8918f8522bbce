import { MemorySaver, START, StateGraph, StateSchema } from "@weft/graph";
import * as z from "zod";
const State = new StateSchema({ n: z.number() });
let g: any = new StateGraph(State);
for (let i = 0; i < 100; i++) g = g.addNode(`n${i}`, (s: any) => ({ n: s.n + 1 }));
g = g.addEdge(START, "n0");
for (let i = 0; i < 99; i++) g = g.addEdge(`n${i}`, `n${i + 1}`);
const plain = g.compile();
const saved = g.compile({ checkpointer: new MemorySaver() });
for (const [name, graph, cfg] of [["plain", plain, {}], ["memory", saved, null]] as const) {
  for (let w = 0; w < 20; w++) await graph.invoke({ n: 0 }, { recursionLimit: 200, configurable: { thread_id: `w${w}` } });
  const N = 200; const t = performance.now();
  for (let i = 0; i < N; i++) await graph.invoke({ n: 0 }, { recursionLimit: 200, configurable: { thread_id: `t${i}` } });
  const per = (performance.now() - t) / N;
  console.log(name, per.toFixed(3), "ms/invoke", (per * 1000 / 100).toFixed(2), "µs/node");
}
