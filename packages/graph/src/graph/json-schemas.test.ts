import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { MessagesValue, START, StateGraph, StateSchema } from "../index.ts";

describe("CompiledStateGraph.getJsonSchemas", () => {
  it("describes input, output, state and a zod context", () => {
    const Input = new StateSchema({ question: z.string() });
    const Output = new StateSchema({ answer: z.string() });
    const State = new StateSchema({ question: z.string(), answer: z.string().optional() });
    const graph = new StateGraph(
      { state: State, input: Input, output: Output },
      { context: z.object({ userId: z.string(), lang: z.enum(["en", "fr"]).default("en") }) },
    )
      .addNode("answer", (s) => ({ answer: `re: ${s.question}` }))
      .addEdge(START, "answer")
      .compile();
    const schemas = graph.getJsonSchemas();
    expect(schemas.input).toMatchObject({
      type: "object",
      properties: { question: { type: "string" } },
    });
    expect(schemas.output).toMatchObject({ properties: { answer: { type: "string" } } });
    expect(Object.keys(schemas.state?.properties ?? {}).sort()).toEqual(["answer", "question"]);
    expect(schemas.context).toMatchObject({
      type: "object",
      properties: { userId: { type: "string" }, lang: { enum: ["en", "fr"] } },
    });
  });

  it("a graph declared by input and output alone has both in its state", () => {
    const Input = new StateSchema({ question: z.string() });
    const Output = new StateSchema({ answer: z.string() });
    const graph = new StateGraph({ input: Input, output: Output })
      // Nodes see and update the keys of both declarations.
      .addNode("answer", (s) => ({ answer: s.question }))
      .addEdge(START, "answer")
      .compile();
    expect(Object.keys(graph.getJsonSchemas().state?.properties ?? {}).sort()).toEqual([
      "answer",
      "question",
    ]);
  });

  it("marks message lists and leaves context out when none is declared", () => {
    const graph = new StateGraph(new StateSchema({ messages: MessagesValue }))
      .addNode("n", () => ({}))
      .addEdge(START, "n")
      .compile();
    const schemas = graph.getJsonSchemas();
    expect(schemas.state?.properties?.messages).toMatchObject({ langgraph_type: "messages" });
    expect(schemas.context).toBeUndefined();
  });
});

describe("StateGraph({ input, output }) types", () => {
  it("types nodes with the keys of both, and invoke with the output", async () => {
    const Input = new StateSchema({ question: z.string() });
    const Output = new StateSchema({ answer: z.string() });
    const graph = new StateGraph({ input: Input, output: Output })
      .addNode("answer", (s) => {
        expectTypeOf(s.question).toEqualTypeOf<string>();
        return { answer: `re: ${s.question}` };
      })
      .addEdge(START, "answer")
      .compile();
    const result = await graph.invoke({ question: "why?" });
    expectTypeOf(result.answer).toEqualTypeOf<string>();
    // @ts-expect-error the input key is not part of the output
    result.question;
    expect(result).toEqual({ answer: "re: why?" });
  });
});
