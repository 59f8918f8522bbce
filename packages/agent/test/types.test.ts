// Compile-time checks of the public types (run by `tsc --noEmit`; the assertions below
// also run, so a wrong runtime shape fails too).
import { ScriptedChatModel } from "@weft/graph";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import {
  type BaseMessage,
  createAgent,
  createMiddleware,
  HumanMessage,
  providerStrategy,
  toolStrategy,
} from "../src/index.ts";

describe("types", () => {
  it("types hooks from the middleware's state and context schemas", () => {
    createMiddleware({
      name: "Typed",
      stateSchema: z.object({ count: z.number().default(0), note: z.string().optional() }),
      contextSchema: z.object({ userId: z.string() }),
      beforeModel: (state, runtime) => {
        expectTypeOf(state.count).toEqualTypeOf<number>();
        expectTypeOf(state.note).toEqualTypeOf<string | undefined>();
        expectTypeOf(state.messages).toEqualTypeOf<BaseMessage[]>();
        expectTypeOf(runtime.context.userId).toEqualTypeOf<string>();
        return { count: state.count + 1 };
      },
      wrapModelCall: (request, handler) => {
        expectTypeOf(request.state.count).toEqualTypeOf<number>();
        expectTypeOf(request.runtime.context.userId).toEqualTypeOf<string>();
        return handler(request);
      },
    });
  });

  it("types the agent's result from its middleware, state schema and response format", async () => {
    const counter = createMiddleware({
      name: "Counter",
      stateSchema: z.object({ calls: z.number().default(0), _private: z.boolean().default(false) }),
      afterModel: (state) => ({ calls: state.calls + 1 }),
    });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: [{ toolCalls: [{ name: "Out", args: { n: 1 } }] }] }),
      tools: [],
      stateSchema: z.object({ topic: z.string().default("none") }),
      responseFormat: toolStrategy(z.object({ n: z.number() }).meta({ title: "Out" })),
      middleware: [counter],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expectTypeOf(result.calls).toEqualTypeOf<number>();
    expectTypeOf(result.topic).toEqualTypeOf<string>();
    expectTypeOf(result.structuredResponse).toEqualTypeOf<{ n: number }>();
    expectTypeOf(result).not.toHaveProperty("_private");
    expect(result).toMatchObject({ calls: 1, topic: "none", structuredResponse: { n: 1 } });
  });

  it("infers union answers from several schemas and provider strategies", () => {
    const A = z.object({ a: z.string() });
    const B = z.object({ b: z.number() });
    expectTypeOf(toolStrategy([A, B])[0]!.parse).returns.resolves.toEqualTypeOf<
      { a: string } | { b: number }
    >();
    expectTypeOf(providerStrategy(A).parse).returns.resolves.toEqualTypeOf<{ a: string }>();
    expectTypeOf(
      providerStrategy({ schema: B, strict: false }).parse,
    ).returns.resolves.toEqualTypeOf<{
      b: number;
    }>();
  });

  it("requires the context fields the agent's contextSchema requires", async () => {
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["a", "b"] }),
      tools: [],
      contextSchema: z.object({
        userId: z.string(),
        tenantId: z.string(),
        apiKey: z.string().optional(),
      }),
    });
    const partial = { userId: "user-123" };
    const missing = agent.invoke(
      { messages: [new HumanMessage("x")] },
      // @ts-expect-error tenantId is required
      { context: partial },
    );
    await expect(missing).rejects.toThrow(/context/);
    const ok = await agent.invoke(
      { messages: [new HumanMessage("Hello")] },
      { context: { userId: "user-123", tenantId: "acme-corp" } },
    );
    expect(ok.messages).toHaveLength(2);
  });
});
