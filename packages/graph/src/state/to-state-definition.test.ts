import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Annotation } from "./annotation.ts";
import { stateJsonSchema } from "./state-json-schema.ts";
import { StateSchema } from "./state-schema.ts";
import { isStateLike, toStateDefinition } from "./to-state-definition.ts";

describe("isStateLike", () => {
  it("accepts the three declaration styles", () => {
    expect(isStateLike(new StateSchema({ a: z.string() }))).toBe(true);
    expect(isStateLike(Annotation.Root({ a: Annotation<string>() }))).toBe(true);
    expect(isStateLike(z.object({ a: z.string() }))).toBe(true);
  });

  it("rejects anything else", () => {
    for (const value of [null, undefined, {}, { a: z.string() }, z.string(), "state"]) {
      expect(isStateLike(value)).toBe(false);
    }
  });
});

describe("toStateDefinition", () => {
  it("throws INVALID_GRAPH naming what it received", () => {
    expect(() => toStateDefinition({ a: 1 } as never)).toThrow(
      expect.objectContaining({
        code: "INVALID_GRAPH",
        message: expect.stringContaining("Object"),
      }),
    );
    expect(() => toStateDefinition(null as never)).toThrow(
      expect.objectContaining({ code: "INVALID_GRAPH", message: expect.stringContaining("null") }),
    );
  });

  it("builds independent prototypes on each call", () => {
    const State = new StateSchema({ a: z.string() });
    expect(toStateDefinition(State).channels).not.toBe(toStateDefinition(State).channels);
  });

  it("builds the JSON Schemas on first read, keeps them, and leaves them out of spreads", () => {
    const State = z.object({ question: z.string(), n: z.number().optional() });
    const definition = toStateDefinition(State);
    expect(Object.keys(definition)).not.toContain("jsonSchema");
    expect({ ...definition }).not.toHaveProperty("jsonSchema");
    const first = definition.jsonSchema;
    expect(first).toEqual({
      state: stateJsonSchema(State, "state"),
      input: stateJsonSchema(State, "input"),
    });
    expect(first?.state?.required).toEqual(["question"]);
    expect(definition.jsonSchema).toBe(first);
  });
});
