import { describe, expect, it } from "vitest";
import { mergeContent, mergeDicts, mergeLists, mergeUsage } from "./merge.ts";

describe("mergeContent", () => {
  it("concatenates strings", () => {
    expect(mergeContent("Hel", "lo")).toBe("Hello");
  });

  it("wraps a string when the other side is a block list", () => {
    expect(mergeContent("a", [{ type: "image_url", image_url: "u" }])).toEqual([
      { type: "text", text: "a" },
      { type: "image_url", image_url: "u" },
    ]);
    expect(mergeContent([{ type: "text", text: "a", index: 0 }], "b")).toEqual([
      { type: "text", text: "a", index: 0 },
      { type: "text", text: "b" },
    ]);
  });

  it("keeps the other side when one side is empty", () => {
    const blocks = [{ type: "text", text: "x" }];
    expect(mergeContent("", blocks)).toBe(blocks);
    expect(mergeContent(blocks, "")).toBe(blocks);
    expect(mergeContent("x", [])).toBe("x");
  });

  it("merges blocks with the same index", () => {
    expect(
      mergeContent(
        [{ type: "text", text: "Hel", index: 0 }],
        [
          { type: "text_delta", text: "lo", index: 0 },
          { type: "tool_use", id: "t", index: 1 },
        ],
      ),
    ).toEqual([
      { type: "text", text: "Hello", index: 0 },
      { type: "tool_use", id: "t", index: 1 },
    ]);
  });
});

describe("mergeDicts", () => {
  it("concatenates strings, adds numbers, replaces identity keys, keeps index", () => {
    expect(
      mergeDicts(
        { text: "a", n: 1, id: "x", index: 0, type: "text", nested: { s: "p" } },
        { text: "b", n: 2, id: "y", index: 0, type: "text", nested: { s: "q" }, extra: true },
      ),
    ).toEqual({
      text: "ab",
      n: 3,
      id: "y",
      index: 0,
      type: "text",
      nested: { s: "pq" },
      extra: true,
    });
  });

  it("ignores missing values on either side", () => {
    expect(mergeDicts({ a: "x", b: undefined }, { a: null, b: "y" })).toEqual({ a: "x", b: "y" });
    expect(mergeDicts(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});

describe("mergeLists", () => {
  it("folds items by id when neither has an index, and skips empty text", () => {
    expect(
      mergeLists(
        [{ id: "a", args: "{" }],
        [
          { id: "a", args: "}" },
          { type: "text", text: "" },
          { id: "b", args: "" },
        ],
      ),
    ).toEqual([
      { id: "a", args: "{}" },
      { id: "b", args: "" },
    ]);
  });

  it("does not fold items with the same index but different ids", () => {
    expect(mergeLists([{ index: 0, id: "a" }], [{ index: 0, id: "b" }])).toHaveLength(2);
  });
});

describe("mergeUsage", () => {
  it("adds counts and details", () => {
    expect(
      mergeUsage(
        {
          input_tokens: 1,
          output_tokens: 2,
          total_tokens: 3,
          output_token_details: { reasoning: 1 },
        },
        {
          input_tokens: 1,
          output_tokens: 1,
          total_tokens: 2,
          output_token_details: { reasoning: 2 },
        },
      ),
    ).toEqual({
      input_tokens: 2,
      output_tokens: 3,
      total_tokens: 5,
      output_token_details: { reasoning: 3 },
    });
  });

  it("keeps one side when the other is missing", () => {
    const usage = { input_tokens: 1, output_tokens: 2, total_tokens: 3 };
    expect(mergeUsage(usage, undefined)).toBe(usage);
    expect(mergeUsage(undefined, undefined)).toBeUndefined();
  });
});
