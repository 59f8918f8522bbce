import { describe, expect, it } from "vitest";
import { applyOperator, getValueAtPath, isOperatorObject, matchesFilter } from "./filter.ts";

describe("getValueAtPath", () => {
  it("walks dotted paths through objects and arrays", () => {
    const value = { a: { b: [{ c: 1 }, { c: 2 }] }, "x.y": 3 };
    expect(getValueAtPath(value, "a.b.1.c")).toBe(2);
    expect(getValueAtPath(value, "a.missing.c")).toBeUndefined();
    expect(getValueAtPath(value, "x.y")).toBeUndefined();
  });

  it("never reads inherited properties", () => {
    expect(getValueAtPath({}, "constructor")).toBeUndefined();
    expect(getValueAtPath({ a: {} }, "a.__proto__")).toBeUndefined();
  });
});

describe("matchesFilter", () => {
  const value = { n: 5, s: "m", list: [1, 2], nested: { k: "v", deep: { x: 1 } }, nil: null };

  it("matches everything without a filter or with an empty one", () => {
    expect(matchesFilter(value, undefined)).toBe(true);
    expect(matchesFilter(value, {})).toBe(true);
  });

  it("compares plain values deeply, including arrays and null", () => {
    expect(matchesFilter(value, { list: [1, 2] })).toBe(true);
    expect(matchesFilter(value, { list: [2, 1] })).toBe(false);
    expect(matchesFilter(value, { nil: null })).toBe(true);
    expect(matchesFilter(value, { n: "5" })).toBe(false);
  });

  it("matches a nested object partially and recursively", () => {
    expect(matchesFilter(value, { nested: { deep: { x: 1 } } })).toBe(true);
    expect(matchesFilter(value, { nested: { deep: { x: 2 } } })).toBe(false);
    expect(matchesFilter(value, { n: { k: "v" } })).toBe(false);
  });

  it("supports operators inside nested objects", () => {
    expect(matchesFilter(value, { nested: { deep: { x: { $gte: 1 } } } })).toBe(true);
  });

  it("compares a top-level field with a primitive exactly as deep equality does", () => {
    const inherited = Object.create({ role: "admin", n: 1 }) as Record<string, unknown>;
    expect(matchesFilter(inherited, { role: "admin" })).toBe(false);
    expect(matchesFilter(inherited, { n: 1 })).toBe(false);
    expect(matchesFilter({ role: "admin" }, { role: "admin" })).toBe(true);
    expect(matchesFilter({ role: ["admin"] }, { role: "admin" })).toBe(false);
    expect(matchesFilter({ on: true, n: 2 }, { on: true, n: 2 })).toBe(true);
    expect(matchesFilter({ on: 1 }, { on: true })).toBe(false);
    expect(matchesFilter({ n: -0 }, { n: 0 })).toBe(false);
    expect(matchesFilter({ n: 0 }, { n: 0 })).toBe(true);
    expect(matchesFilter({ n: Number.NaN }, { n: Number.NaN })).toBe(true);
    expect(matchesFilter({}, { missing: "x" })).toBe(false);
  });

  it("treats an unknown $ key as a failing nested match, not as match-all", () => {
    expect(matchesFilter(value, { n: { $regex: "5" } })).toBe(false);
  });
});

describe("applyOperator", () => {
  it.each([
    ["$eq", 1, 1, true],
    ["$eq", { a: [1] }, { a: [1] }, true],
    ["$ne", 1, 2, true],
    ["$ne", undefined, 2, true],
    ["$gt", 2, 1, true],
    ["$gt", 1, 1, false],
    ["$gte", 1, 1, true],
    ["$lt", "2024-01-01", "2025-01-01", true],
    ["$lte", "b", "a", false],
    ["$gt", "10", 9, false],
    ["$lt", null, 1, false],
    ["$gt", Number.NaN, 1, false],
    ["$in", "a", ["a", "b"], true],
    ["$in", "c", ["a", "b"], false],
    ["$in", "a", "a", false],
    ["$nin", "c", ["a", "b"], true],
    ["$nin", undefined, ["a"], true],
  ] as const)("%s(%j, %j) is %s", (op, actual, expected, result) => {
    expect(applyOperator(op, actual, expected)).toBe(result);
  });

  it("recognizes operator objects", () => {
    expect(isOperatorObject({ $gt: 1, $lt: 3 })).toBe(true);
    expect(isOperatorObject({ $gt: 1, other: 3 })).toBe(false);
    expect(isOperatorObject({})).toBe(false);
    expect(isOperatorObject([1])).toBe(false);
  });
});
