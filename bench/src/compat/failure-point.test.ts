import { describe, expect, it } from "vitest";
import { failurePoint } from "./failure-point.ts";
import { singleNode } from "./graphs.ts";
import { weftCompat } from "./weft-lib.ts";

describe("failurePoint", () => {
  it("names the stage that threw, with the library's code", async () => {
    const compile = await failurePoint(weftCompat, {
      build: (lib) => singleNode(lib).addEdge("a", "nope"),
      run: (graph) => graph.invoke({}),
    });
    const run = await failurePoint(weftCompat, {
      build: (lib) => singleNode(lib),
      run: (graph) => graph.invoke({}, { recursionLimit: 1 }),
    });
    expect(compile).toEqual({ phase: "compile", code: "INVALID_GRAPH", name: "InvalidGraphError" });
    expect(run).toMatchObject({ phase: "run", code: "GRAPH_RECURSION_LIMIT" });
  });

  it("reports none when every stage succeeds, using the given compile step", async () => {
    let compiledWith: unknown;
    const point = await failurePoint(weftCompat, {
      build: (lib) => singleNode(lib),
      compile: (builder) => {
        compiledWith = builder;
        return builder.compile();
      },
      run: (graph) => graph.invoke({}),
    });
    expect(point).toEqual({ phase: "none", code: undefined, name: undefined });
    expect(compiledWith).toBeDefined();
  });
});
