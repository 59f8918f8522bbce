import { describe, expect, it } from "vitest";
import { parsePartialJson } from "./parse-partial-json.ts";

describe("parsePartialJson", () => {
  it("parses complete JSON", () => {
    expect(parsePartialJson('{"a": [1, {"b": null}]}')).toEqual({ a: [1, { b: null }] });
  });

  it.each([
    ['{"q": "par', { q: "par" }],
    ['{"a": [1, 2', { a: [1, 2] }],
    ['{"a": 1, ', { a: 1 }],
    ['{"a": 1, "b', { a: 1 }],
    ['{"a": tru', {}],
    ['{"a": {"b": "x"}, "c": [', { a: { b: "x" }, c: [] }],
    ['{"s": "line\nbreak', { s: "line\nbreak" }],
    ['{"s": "quote \\"in', { s: 'quote "in' }],
    ['{"s": "esc\\', { s: "esc" }],
    ["{", {}],
  ])("closes the unfinished %j", (input, expected) => {
    expect(parsePartialJson(input)).toEqual(expected);
  });

  it("returns undefined for malformed text", () => {
    expect(parsePartialJson("{}}")).toBeUndefined();
    expect(parsePartialJson('{"a": 1} trailing')).toBeUndefined();
    expect(parsePartialJson("nope")).toBeUndefined();
  });
});
