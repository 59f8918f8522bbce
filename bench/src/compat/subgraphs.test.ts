import { describe, expect, it } from "vitest";
import { collect, onBoth, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";

/** Namespaces with task ids replaced by `#n` in order of appearance (the id formats differ). */
function shapeNamespaces(chunks: [string[], unknown][]): [string[], unknown][] {
  const ids = new Map<string, number>();
  return chunks.map(([ns, chunk]) => [
    ns.map((segment) => {
      const [node, id] = segment.split(":");
      if (id === undefined) return segment;
      if (!ids.has(id)) ids.set(id, ids.size);
      return `${node}:#${ids.get(id)}`;
    }),
    chunk,
  ]);
}

function appendState(lib: CompatLib) {
  return lib.Annotation.Root({
    log: lib.Annotation({ reducer: (a: string[], b: string[]) => [...a, ...b], default: () => [] }),
  });
}

describe("subgraphs behave the same on both libraries", () => {
  it("stream(..., { subgraphs: true }) yields the same namespaces and chunks, two levels deep", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = appendState(lib);
      const grandchild = new lib.StateGraph(S)
        .addNode("gc", () => ({ log: ["gc"] }))
        .addEdge(lib.START, "gc")
        .compile();
      const child = new lib.StateGraph(S)
        .addNode("c", async (s: any) => ({
          log: (await grandchild.invoke({ log: s.log })).log.slice(-1),
        }))
        .addEdge(lib.START, "c")
        .compile();
      const parent = new lib.StateGraph(S)
        .addNode("p", () => ({ log: ["p"] }))
        .addNode("child", child)
        .addEdge(lib.START, "p")
        .addEdge("p", "child")
        .compile();
      const chunks = await collect(
        parent.stream({ log: [] }, { subgraphs: true, streamMode: "updates" }),
      );
      return shapeNamespaces(chunks as [string[], unknown][]);
    });
    expect(weft).toEqual(peer);
  });

  it("checkpointer: true keeps a subgraph's state across calls in one thread", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = appendState(lib);
      const memory = new lib.StateGraph(S)
        .addNode("remember", (s: any) => ({ log: [`seen ${s.log.length}`] }))
        .addEdge(lib.START, "remember")
        .compile({ checkpointer: true });
      const O = lib.Annotation.Root({ out: lib.Annotation() });
      const graph = new lib.StateGraph(O)
        .addNode("call", async () => ({ out: (await memory.invoke({ log: ["q"] })).log.at(-1) }))
        .addEdge(lib.START, "call")
        .compile({ checkpointer: lib.memorySaver() });
      const first = await graph.invoke({ out: "" }, onThread());
      const second = await graph.invoke({ out: "" }, onThread());
      return [first.out, second.out];
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual(["seen 1", "seen 3"]);
  });

  it("Command({ graph: Command.PARENT, goto }) from a subgraph node routes in the parent", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = appendState(lib);
      const Cmd = lib.Command as any;
      const sub = new lib.StateGraph(S)
        .addNode(
          "handoff",
          () => new Cmd({ graph: Cmd.PARENT, goto: "other", update: { log: ["handoff"] } }),
        )
        .addEdge(lib.START, "handoff")
        .compile();
      const graph = new lib.StateGraph(S)
        .addNode("agent", sub, { ends: ["other"] })
        .addNode("other", () => ({ log: ["other"] }))
        .addEdge(lib.START, "agent")
        .compile();
      return graph.invoke({ log: [] });
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["handoff", "other"] });
  });

  it("entrypoint: previous value across runs and entrypoint.final", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const final = (lib.entrypoint as any).final;
      const counter = lib.entrypoint(
        { name: "counter", checkpointer: lib.memorySaver() },
        async (n: number) => {
          // getPreviousState() is the portable spelling (Weft also passes config.previous).
          const previous = (lib.getPreviousState() as number | undefined) ?? 0;
          return final({ value: `total ${previous + n}`, save: previous + n });
        },
      );
      return [await counter.invoke(2, onThread()), await counter.invoke(5, onThread())];
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual(["total 2", "total 7"]);
  });
});
