import { WeftError } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { GraphRecursionError } from "./errors.ts";

describe("errors", () => {
  it("carries a code and is recognized by marker", () => {
    const err = new GraphRecursionError("too deep");
    expect(err.code).toBe("GRAPH_RECURSION_LIMIT");
    expect(WeftError.isInstance(err)).toBe(true);
    expect(WeftError.isInstance(new Error("x"))).toBe(false);
  });
});
