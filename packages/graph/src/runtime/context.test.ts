import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getConfig, getWriter, START, StateGraph, StateSchema } from "../index.ts";

describe("runtime context", () => {
  const State = new StateSchema({ greeting: z.string().optional() });

  it("passes context to nodes as runtime.context, validated and defaulted by a zod context schema", async () => {
    const contextSchema = z.object({
      userName: z.string(),
      lang: z.enum(["en", "fr"]).default("en"),
    });
    const graph = new StateGraph(State, { context: contextSchema })
      .addNode("greet", (_s, runtime) => {
        const ctx = runtime.context as z.infer<typeof contextSchema>;
        return { greeting: `${ctx.lang === "fr" ? "Bonjour" : "Hello"} ${ctx.userName}` };
      })
      .addEdge(START, "greet")
      .compile();
    expect(await graph.invoke({}, { context: { userName: "Ada" } })).toEqual({
      greeting: "Hello Ada",
    });
    expect(await graph.invoke({}, { context: { userName: "Léa", lang: "fr" } })).toEqual({
      greeting: "Bonjour Léa",
    });
    await expect(graph.invoke({}, { context: { lang: "de" } })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(/context/),
    });
  });

  it("getConfig() and getWriter() reach the running task without threading config", async () => {
    const helper = () => {
      getWriter()({ from: "helper" });
      return getConfig().metadata?.langgraph_node as string;
    };
    const graph = new StateGraph(State)
      .addNode("deep", async () => ({ greeting: helper() }))
      .addEdge(START, "deep")
      .compile();
    const chunks: unknown[] = [];
    for await (const c of await graph.stream({}, { streamMode: ["custom", "values"] }))
      chunks.push(c);
    expect(chunks).toContainEqual(["custom", { from: "helper" }]);
    expect(chunks.at(-1)).toEqual(["values", { greeting: "deep" }]);
    expect(() => getConfig()).toThrow(/outside a running graph node/);
  });
});
