import { MemorySaver } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Command } from "../command.ts";
import { START } from "../constants.ts";
import { StateGraph } from "../graph/state-graph.ts";
import { interrupt } from "../runtime/interrupt.ts";
import { ReducedValue, StateSchema } from "../state/index.ts";
import type { Durability } from "../types.ts";

// Property tests over random DAGs: however a run is persisted, and wherever it fails and
// is resumed, it must end in exactly the state of an uninterrupted run without a saver.

const State = new StateSchema({
  log: new ReducedValue(
    z.array(z.string()).default(() => []),
    { reducer: (a: string[], b: string[]) => a.concat(b) },
  ),
  total: new ReducedValue(z.number().default(0), { reducer: (a: number, b: number) => a + b }),
});

/** Small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  nodes: string[];
  edges: [string, string][];
  joins: [string[], string][];
  /** node → possible targets of its conditional edge (chosen by the state's total). */
  branches: Map<string, string[]>;
}

function randomShape(seed: number): Shape {
  const rand = prng(seed);
  const count = 3 + Math.floor(rand() * 6);
  const nodes = Array.from({ length: count }, (_, i) => `n${i}`);
  const edges: [string, string][] = [[START, "n0"]];
  const joins: [string[], string][] = [];
  const branches = new Map<string, string[]>();
  for (let i = 1; i < count; i++) {
    // every node gets at least one incoming edge from an earlier node, so it is reachable
    const from = nodes[Math.floor(rand() * i)]!;
    edges.push([from, nodes[i]!]);
    if (rand() < 0.3) edges.push([START, nodes[i]!]);
    if (i >= 2 && rand() < 0.25) {
      const a = nodes[Math.floor(rand() * i)]!;
      const b = nodes[Math.floor(rand() * i)]!;
      if (a !== b) joins.push([[a, b], nodes[i]!]);
    }
  }
  for (let i = 0; i < count - 2; i++) {
    if (rand() < 0.3) {
      const targets = nodes.slice(i + 1).filter(() => rand() < 0.6);
      if (targets.length > 0) branches.set(nodes[i]!, targets);
    }
  }
  return { nodes, edges, joins, branches };
}

function build(
  shape: Shape,
  options: {
    checkpointer?: MemorySaver;
    failOnce?: string;
    /** Nodes that ask a question: with `interrupt()`, or answering it themselves. */
    asking?: { nodes: ReadonlySet<string>; pause: boolean };
  },
) {
  let failed = false;
  let graph = new StateGraph(State) as StateGraph<typeof State, any, any, string>;
  for (const [index, name] of shape.nodes.entries()) {
    graph = graph.addNode(name, () => {
      if (name === options.failOnce && !failed) {
        failed = true;
        throw new Error(`${name} crashed`);
      }
      if (options.asking?.nodes.has(name)) {
        const answer = options.asking.pause ? interrupt(name) : `a:${name}`;
        return { log: [`${name}=${answer}`], total: index + 1 };
      }
      return { log: [name], total: index + 1 };
    });
  }
  for (const [from, to] of shape.edges) graph = graph.addEdge(from, to);
  for (const [sources, to] of shape.joins) graph = graph.addEdge(sources, to);
  for (const [from, targets] of shape.branches) {
    graph = graph.addConditionalEdges(
      from,
      (state: { total: number }) => targets[state.total % targets.length]!,
      targets,
    );
  }
  return graph.compile({ checkpointer: options.checkpointer });
}

const SEEDS = Array.from({ length: 60 }, (_, i) => 1000 + i);
const LIMIT = { recursionLimit: 100 };

describe("random graphs", () => {
  it("end in the same state with and without a saver, in every durability mode", async () => {
    for (const seed of SEEDS) {
      const shape = randomShape(seed);
      const expected = await build(shape, {}).invoke({ log: [] }, LIMIT);
      for (const durability of ["sync", "async", "exit"] as Durability[]) {
        const saver = new MemorySaver();
        const config = { ...LIMIT, durability, configurable: { thread_id: `t${seed}` } };
        const actual = await build(shape, { checkpointer: saver }).invoke({ log: [] }, config);
        expect({ seed, durability, state: actual }).toEqual({ seed, durability, state: expected });
        const saved = await build(shape, { checkpointer: saver }).getState(config);
        expect({ seed, durability, values: saved.values, next: saved.next }).toEqual({
          seed,
          durability,
          values: expected,
          next: [],
        });
      }
    }
  });

  it("streamed values end in the invoke result", async () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const graph = build(randomShape(seed), {});
      const expected = await graph.invoke({ log: [] }, LIMIT);
      let last: unknown;
      for await (const chunk of await graph.stream({ log: [] }, { ...LIMIT, streamMode: "values" }))
        last = chunk;
      expect({ seed, last }).toEqual({ seed, last: expected });
    }
  });

  it("a crash in any node, then a resume, ends in the state of a run that never crashed", async () => {
    for (const seed of SEEDS) {
      const shape = randomShape(seed);
      const expected = await build(shape, {}).invoke({ log: [] }, LIMIT);
      // only nodes that actually ran can crash
      const ran = new Set(expected.log);
      const victim = shape.nodes[seed % shape.nodes.length]!;
      if (!ran.has(victim)) continue;
      for (const durability of ["sync", "async", "exit"] as Durability[]) {
        const saver = new MemorySaver();
        const graph = build(shape, { checkpointer: saver, failOnce: victim });
        const config = { ...LIMIT, durability, configurable: { thread_id: `crash${seed}` } };
        await expect(graph.invoke({ log: [] }, config)).rejects.toThrow(`${victim} crashed`);
        const resumed = await graph.invoke(null, config);
        expect({ seed, durability, victim, state: resumed }).toEqual({
          seed,
          durability,
          victim,
          state: expected,
        });
      }
    }
  });

  it("interrupts anywhere, answered pause by pause, end in the state of a run that never paused", async () => {
    let totalPauses = 0;
    let parallelPauses = 0;
    for (const seed of SEEDS.slice(0, 40)) {
      const shape = randomShape(seed);
      const rand = prng(seed * 7);
      const nodes = new Set(shape.nodes.filter(() => rand() < 0.4));
      if (nodes.size === 0) continue;
      const expected = await build(shape, { asking: { nodes, pause: false } }).invoke(
        { log: [] },
        LIMIT,
      );
      for (const durability of ["sync", "async", "exit"] as Durability[]) {
        const saver = new MemorySaver();
        const graph = build(shape, { checkpointer: saver, asking: { nodes, pause: true } });
        const config = { ...LIMIT, durability, configurable: { thread_id: `ask${seed}` } };
        let result: Record<string, unknown> = await graph.invoke({ log: [] }, config);
        let pauses = 0;
        while (result.__interrupt__) {
          const pending = result.__interrupt__ as { id: string; value: string }[];
          if (pending.length > 1) parallelPauses++;
          // Alternate the two ways of answering: one value when a single interrupt is
          // pending, else a map by id.
          const resume =
            pending.length === 1 && pauses % 2 === 0
              ? `a:${pending[0]!.value}`
              : Object.fromEntries(pending.map((p) => [p.id, `a:${p.value}`]));
          result = await graph.invoke(new Command({ resume }), config);
          pauses++;
          expect(pauses).toBeLessThan(50);
        }
        expect({ seed, durability, state: result }).toEqual({ seed, durability, state: expected });
        totalPauses += pauses;
      }
    }
    // The property is only worth something if runs really paused, also several nodes at once.
    expect(totalPauses).toBeGreaterThan(40);
    expect(parallelPauses).toBeGreaterThan(3);
  });
});
