import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Command } from "../command.ts";
import { END, START } from "../constants.ts";
import { StateSchema } from "../state/index.ts";
import { StateGraph } from "./state-graph.ts";

const State = new StateSchema({ route: z.string().optional() });

function build() {
  return new StateGraph(State)
    .addNode("plan", () => ({}))
    .addNode("act", () => new Command({ goto: "review" }), { ends: ["review"] })
    .addNode("review", () => ({}))
    .addNode("fast", () => ({}))
    .addEdge(START, "plan")
    .addConditionalEdges("plan", (s) => (s.route === "fast" ? "quick" : "act"), {
      quick: "fast",
      act: "act",
    })
    .addEdge("fast", END)
    .compile();
}

describe("getGraph", () => {
  it("lists nodes and static, conditional and Command edges", () => {
    const drawn = build().getGraph();
    expect(drawn.nodes.map((n) => n.id)).toEqual([START, "plan", "act", "review", "fast", END]);
    expect(drawn.edges).toEqual([
      { source: START, target: "plan", conditional: false },
      { source: "fast", target: END, conditional: false },
      { source: "plan", target: "fast", conditional: true, label: "quick" },
      { source: "plan", target: "act", conditional: true },
      { source: "act", target: "review", conditional: true },
      { source: "review", target: END, conditional: false },
    ]);
  });

  it("serializes to the viewer JSON shape", () => {
    const json = build().getGraph().toJSON();
    expect(json.nodes[0]).toEqual({ id: START, type: "schema", data: START });
    expect(json.nodes[1]).toEqual({
      id: "plan",
      type: "runnable",
      data: { id: "plan", name: "plan", metadata: undefined },
    });
    expect(json.edges).toContainEqual({
      source: "plan",
      target: "fast",
      conditional: true,
      data: "quick",
    });
    expect(JSON.parse(JSON.stringify(json)).edges).toHaveLength(6);
  });

  it("draws Mermaid with dotted conditional edges", () => {
    const mermaid = build().getGraph().drawMermaid();
    expect(mermaid.startsWith("graph TD;\n")).toBe(true);
    expect(mermaid).toContain("\t__start__([<p>__start__</p>]):::first");
    expect(mermaid).toContain("\t__start__ --> plan;");
    expect(mermaid).toContain("\tplan -.->|quick| fast;");
    expect(mermaid).toContain("\tact -.-> review;");
  });
});
