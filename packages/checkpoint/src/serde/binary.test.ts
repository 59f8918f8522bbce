import { describe, expect, it } from "vitest";
import { binaryFromBase64, binaryParts, fromBase64, toBase64 } from "./binary.ts";

describe("base64", () => {
  it("round-trips every byte value and large inputs", () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    expect(toBase64(new Uint8Array([0, 255, 128]))).toBe("AP+A");
    expect(toBase64(new Uint8Array())).toBe("");
  });
});

describe("binaryParts", () => {
  it("names the kind and views only the value's own bytes", () => {
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]).buffer;
    const parts = binaryParts(new Uint16Array(buffer, 2, 1));
    expect(parts?.kind).toBe("Uint16Array");
    expect([...parts!.bytes]).toEqual([3, 4]);
  });

  it("ignores objects that are not binary", () => {
    expect(binaryParts({})).toBeUndefined();
    expect(binaryParts([1, 2])).toBeUndefined();
  });
});

describe("binaryFromBase64", () => {
  it("builds only kinds from the closed list", () => {
    expect(binaryFromBase64("Int8Array", "/w==")).toEqual(new Int8Array([-1]));
    expect(() => binaryFromBase64("Function", "")).toThrow();
    expect(() => binaryFromBase64("Uint8Array", 5)).toThrow();
  });
});
