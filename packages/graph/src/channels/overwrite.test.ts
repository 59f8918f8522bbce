import { describe, expect, it } from "vitest";
import { MISSING } from "./missing.ts";
import { OVERWRITE, Overwrite, unwrapOverwrite } from "./overwrite.ts";

describe("Overwrite", () => {
  it("carries its value under the wire key and serializes to the wire form", () => {
    const overwrite = new Overwrite([1, 2]);
    expect(overwrite.value).toEqual([1, 2]);
    expect(overwrite[OVERWRITE]).toEqual([1, 2]);
    expect(JSON.parse(JSON.stringify(overwrite))).toEqual({ __overwrite__: [1, 2] });
  });

  it("recognizes the instance, the plain object and the tagged form", () => {
    expect(unwrapOverwrite(new Overwrite("a"))).toBe("a");
    expect(unwrapOverwrite({ __overwrite__: "b" })).toBe("b");
    expect(unwrapOverwrite({ type: "__overwrite__", value: "c" })).toBe("c");
    expect(unwrapOverwrite({ __overwrite__: undefined })).toBeUndefined();
    expect(Overwrite.isInstance({ __overwrite__: 0 })).toBe(true);
  });

  it("leaves everything else alone", () => {
    for (const value of [null, undefined, 0, "x", [1], { value: 1 }, { type: "other", value: 1 }]) {
      expect(unwrapOverwrite(value)).toBe(MISSING);
      expect(Overwrite.isInstance(value)).toBe(false);
    }
  });
});
