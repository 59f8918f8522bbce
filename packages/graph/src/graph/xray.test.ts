import { describe, expect, it } from "vitest";
import { z } from "zod";
import { END, entrypoint, START, StateGraph, StateSchema } from "../index.ts";

const State = new StateSchema({ v: z.string().default("") });

const inner = new StateGraph(State)
  .addNode("plan", () => ({}))
  .addNode("act", () => ({}))
  .addEdge(START, "plan")
  .addEdge("plan", "act")
  .addEdge("act", END)
  .compile();

const fnSub = new StateGraph(State)
  .addNode("only", () => ({}))
  .addEdge(START, "only")
  .compile();

const parent = new StateGraph(State)
  .addNode("prepare", () => ({}))
  .addNode("agent", inner)
  .addNode("helper", async () => ({ v: (await fnSub.invoke({})).v }), { subgraphs: [fnSub] })
  .addNode("finish", () => ({}))
  .addEdge(START, "prepare")
  .addEdge("prepare", "agent")
  .addEdge("agent", "helper")
  .addEdge("helper", "finish")
  .addEdge("finish", END)
  .compile();

const edgeList = (graph: { edges: { source: string; target: string }[] }) =>
  graph.edges.map((e) => `${e.source}->${e.target}`).sort();

describe("getGraph({ xray }) and getSubgraphs()", () => {
  it("without xray a subgraph is one node", () => {
    expect(parent.getGraph().nodes.map((n) => n.id)).toEqual([
      START,
      "prepare",
      "agent",
      "helper",
      "finish",
      END,
    ]);
  });

  it("with xray the subgraph's nodes replace it, wired to the parent's edges", () => {
    const drawn = parent.getGraph({ xray: true });
    expect(drawn.nodes.map((n) => n.id)).toEqual([
      START,
      "prepare",
      "agent:plan",
      "agent:act",
      "helper:only",
      "finish",
      END,
    ]);
    expect(edgeList(drawn)).toEqual(
      [
        `${START}->prepare`,
        "prepare->agent:plan",
        "agent:plan->agent:act",
        "agent:act->helper:only",
        "helper:only->finish",
        `finish->${END}`,
      ].sort(),
    );
    expect(drawn.drawMermaid()).toContain("agent_3a_plan");
  });

  it("getSubgraphs lists [namespace, graph], filtered and recursive", () => {
    const outer = new StateGraph(State).addNode("wrap", parent).addEdge(START, "wrap").compile();
    expect([...parent.getSubgraphs()].map(([ns]) => ns)).toEqual(["agent", "helper"]);
    expect([...parent.getSubgraphs("helper")].map(([, g]) => g)).toEqual([fnSub]);
    expect([...outer.getSubgraphs(undefined, true)].map(([ns]) => ns)).toEqual([
      "wrap",
      "wrap|agent",
      "wrap|helper",
    ]);
    expect([...outer.getSubgraphs("wrap|agent", true)].map(([, g]) => g)).toEqual([inner]);
  });

  it("a functional-API graph draws START → entrypoint → END", () => {
    const workflow = entrypoint("flow", async (x: number) => x + 1);
    expect(edgeList(workflow.getGraph())).toEqual([`${START}->flow`, `flow->${END}`]);
  });
});
