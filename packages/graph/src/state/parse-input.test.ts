import { describe, expect, it } from "vitest";
import * as z from "zod";
import { GraphInputError, WeftError } from "../errors.ts";
import { createInputParser } from "./parse-input.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

function caught(run: () => unknown): WeftError {
  try {
    run();
  } catch (error) {
    if (WeftError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an error");
}

const parse = createInputParser(
  new Map<string, StandardSchemaV1 | undefined>([
    ["name", z.string()],
    ["count", z.coerce.number().default(1)],
    ["nested", z.object({ items: z.array(z.number()) })],
    ["anything", undefined],
  ]),
);

describe("createInputParser", () => {
  it("returns parsed values of the keys present", () => {
    expect(parse({ name: "a", count: "5", anything: { x: 1 } })).toEqual({
      name: "a",
      count: 5,
      anything: { x: 1 },
    });
  });

  it("does not apply defaults for absent keys", () => {
    expect(parse({ name: "a" })).toEqual({ name: "a" });
  });

  it("drops keys the state does not declare", () => {
    expect(parse({ name: "a", extra: 1 })).toEqual({ name: "a" });
  });

  it("reports every issue with its full path as INVALID_INPUT", () => {
    const error = caught(() => parse({ name: 1, nested: { items: [1, "x"] } }));
    expect(error).toBeInstanceOf(GraphInputError);
    expect(error.code).toBe("INVALID_INPUT");
    const issues = error.details.issues as { path: unknown[] }[];
    expect(issues.map((issue) => issue.path)).toEqual([["name"], ["nested", "items", 1]]);
    expect(error.message).toContain("nested.items.1");
  });

  it("rejects input that is not an object", () => {
    for (const input of [null, "hi", [1], 3]) {
      expect(caught(() => parse(input)).code).toBe("INVALID_INPUT");
    }
  });

  it("rejects fields whose schema only validates asynchronously", () => {
    const asyncParse = createInputParser(new Map([["x", z.string().refine(async () => true)]]));
    const error = caught(() => asyncParse({ x: "a" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("asynchronously");
  });
});
