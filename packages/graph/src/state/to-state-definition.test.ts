import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Annotation } from "./annotation.ts";
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
});
