import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { toStateDefinition } from "./to-state-definition.ts";
import { getSchemaMeta, registry, withLangGraph } from "./zod-meta.ts";
import { isZodObject, type ZodObjectState, type ZodObjectUpdate } from "./zod-object.ts";

const State = z.object({
  topic: z.string().default(""),
  question: z.string(),
  maybe: z.number().optional(),
  items: withLangGraph(z.array(z.string()), {
    reducer: {
      schema: z.union([z.string(), z.array(z.string())]),
      fn: (current, update: string | string[]) => current.concat(update),
    },
    default: () => [],
  }),
  total: z
    .number()
    .default(10)
    .register(registry, { reducer: { fn: (a, b: number) => a + b } }),
});

function fresh(key: string) {
  const channel = toStateDefinition(State).channels[key];
  if (channel === undefined) throw new Error(`no channel ${key}`);
  return channel.fromCheckpoint();
}

describe("zod object → state definition", () => {
  it("recognizes zod objects only", () => {
    expect(isZodObject(State)).toBe(true);
    expect(isZodObject(z.string())).toBe(false);
    expect(isZodObject({ shape: {} })).toBe(false);
  });

  it("makes plain fields last-value channels starting at their default", () => {
    expect(toStateDefinition(State).keys).toEqual(["topic", "question", "maybe", "items", "total"]);
    expect(fresh("topic").get()).toBe("");
    expect(fresh("question").isAvailable()).toBe(false);
    expect(() => fresh("question").update(["a", "b"])).toThrow(
      expect.objectContaining({ code: "INVALID_CONCURRENT_GRAPH_UPDATE" }),
    );
  });

  it("applies a withLangGraph reducer from the meta default", () => {
    const items = fresh("items");
    expect(items.get()).toEqual([]);
    items.update(["a", ["b", "c"]]);
    expect(items.get()).toEqual(["a", "b", "c"]);
  });

  it("applies a registry reducer from the schema default", () => {
    const total = fresh("total");
    expect(total.get()).toBe(10);
    total.update([1, 2]);
    expect(total.get()).toBe(13);
  });

  it("keeps metadata on the schema instance, so .extend() keeps reducers", () => {
    const Extended = State.extend({ extra: z.boolean() });
    const items = toStateDefinition(Extended).channels.items?.fromCheckpoint();
    items?.update([["x"], ["y"]]);
    expect(items?.get()).toEqual(["x", "y"]);
    expect(getSchemaMeta(State.shape.items)?.default?.()).toEqual([]);
  });

  it("parses input with the reducer schema for reduced fields", () => {
    const { parseInput } = toStateDefinition(State);
    expect(parseInput?.({ items: "one", question: "q", other: true })).toEqual({
      items: "one",
      question: "q",
    });
    expect(() => parseInput?.({ items: 3 })).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        details: { issues: [expect.objectContaining({ path: ["items"] })] },
      }),
    );
  });

  it("does not fill defaults of absent keys into the input", () => {
    expect(toStateDefinition(State).parseInput?.({ question: "q" })).toEqual({ question: "q" });
  });
});

describe("zod object types", () => {
  it("infers the state as the schema output", () => {
    expectTypeOf<ZodObjectState<typeof State>>().toEqualTypeOf<z.output<typeof State>>();
  });

  it("infers updates, using the reducer input for reduced fields", () => {
    type Update = ZodObjectUpdate<typeof State>;
    expectTypeOf<{ items: "a"; question: "q" }>().toMatchTypeOf<Update>();
    expectTypeOf<{ items: ["a"] }>().toMatchTypeOf<Update>();
    expectTypeOf<{ items: 1 }>().not.toMatchTypeOf<Update>();
    expectTypeOf<{ question: 1 }>().not.toMatchTypeOf<Update>();
  });
});
