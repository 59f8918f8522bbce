import { describe, expect, it } from "vitest";
import { deepEqual, matchesMetadataFilter } from "./metadata-filter.ts";

describe("matchesMetadataFilter", () => {
  const metadata = { source: "loop", step: 2, parents: {}, tags: ["a", "b"], user: { id: 1 } };

  it("matches when every filter key is deeply equal", () => {
    expect(matchesMetadataFilter(metadata, { source: "loop", step: 2 })).toBe(true);
    expect(matchesMetadataFilter(metadata, { user: { id: 1 }, tags: ["a", "b"] })).toBe(true);
    expect(matchesMetadataFilter(metadata, undefined)).toBe(true);
    expect(matchesMetadataFilter(metadata, {})).toBe(true);
  });

  it("fails on any differing or missing key", () => {
    expect(matchesMetadataFilter(metadata, { source: "input" })).toBe(false);
    expect(matchesMetadataFilter(metadata, { user: { id: 2 } })).toBe(false);
    expect(matchesMetadataFilter(metadata, { missing: 1 })).toBe(false);
    expect(matchesMetadataFilter(undefined, { source: "loop" })).toBe(false);
  });

  it("matches a filter value of undefined only against an absent or undefined key", () => {
    expect(matchesMetadataFilter(metadata, { missing: undefined })).toBe(true);
    expect(matchesMetadataFilter(metadata, { step: undefined })).toBe(false);
  });
});

describe("deepEqual", () => {
  it("compares structure, not identity", () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual(new Date(1), new Date(1))).toBe(true);
    expect(deepEqual(new Date(1), new Date(2))).toBe(false);
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true);
    expect(deepEqual({ a: undefined }, { b: undefined })).toBe(false);
  });
});
