import { describe, expect, it } from "vitest";
import { extractIndexEntries, planIndexUpdate, resolveIndexFields } from "./index-plan.ts";
import { getTextAtPath, tokenizePath } from "./json-path.ts";

const doc = {
  title: "T",
  n: 3,
  ok: true,
  nil: null,
  tags: ["a", "b", "c"],
  chapters: [
    { title: "one", sections: [{ text: "1.1" }, { text: "1.2" }] },
    { title: "two", sections: [{ text: "2.1" }] },
  ],
  meta: { author: { name: "Ann" }, year: 2024 },
};

describe("tokenizePath", () => {
  it("parses fields, indexes, wildcards and field groups", () => {
    expect(tokenizePath("$")).toEqual([{ kind: "root" }]);
    expect(tokenizePath("a.b[0].c[-1][*]")).toEqual([
      { kind: "field", name: "a" },
      { kind: "field", name: "b" },
      { kind: "index", index: 0 },
      { kind: "field", name: "c" },
      { kind: "index", index: -1 },
      { kind: "each" },
    ]);
    expect(tokenizePath("$.a.*")).toEqual([{ kind: "field", name: "a" }, { kind: "each" }]);
    expect(tokenizePath("{a,b.c}")).toEqual([
      {
        kind: "fields",
        paths: [
          [{ kind: "field", name: "a" }],
          [
            { kind: "field", name: "b" },
            { kind: "field", name: "c" },
          ],
        ],
      },
    ]);
  });

  it("rejects malformed paths with INVALID_INPUT", () => {
    expect(() => tokenizePath("a[0")).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(() => tokenizePath("a[x]")).toThrow(/index \[x\]/);
  });
});

describe("getTextAtPath", () => {
  it.each([
    ["title", ["T"]],
    ["n", ["3"]],
    ["ok", ["true"]],
    ["nil", []],
    ["missing", []],
    ["missing.deeper[0]", []],
    ["tags[0]", ["a"]],
    ["tags[-1]", ["c"]],
    ["tags[-4]", []],
    ["tags[9]", []],
    ["tags[*]", ["a", "b", "c"]],
    ["chapters[*].title", ["one", "two"]],
    ["chapters[*].sections[*].text", ["1.1", "1.2", "2.1"]],
    ["chapters[-1].sections[0].text", ["2.1"]],
    ["meta.author.name", ["Ann"]],
    ["meta.*", [JSON.stringify({ name: "Ann" }, null, 2), "2024"]],
    ["{title,meta.year}", ["T", "2024"]],
    ["title[0]", []],
    ["tags.a", []],
  ] as const)("%s → %j", (path, expected) => {
    expect(getTextAtPath(doc, path)).toEqual(expected);
  });

  it("gives the whole value as JSON for $ and JSON for object leaves", () => {
    expect(JSON.parse(getTextAtPath(doc, "$")[0]!)).toEqual(doc);
    expect(JSON.parse(getTextAtPath(doc, "meta")[0]!)).toEqual(doc.meta);
  });
});

describe("index plan", () => {
  const config = { dims: 2, embeddings: async (t: string[]) => t.map(() => [1, 0]) };

  it("resolves which fields to embed", () => {
    expect(resolveIndexFields(undefined, undefined)).toEqual([]);
    expect(resolveIndexFields(undefined, config)).toEqual(["$"]);
    expect(resolveIndexFields(undefined, { ...config, fields: ["a"] })).toEqual(["a"]);
    expect(resolveIndexFields(false, config)).toEqual([]);
    expect(resolveIndexFields(["b"], { ...config, fields: ["a"] })).toEqual(["b"]);
  });

  it("names entries of multi-text paths with an index suffix", () => {
    expect(extractIndexEntries(doc, ["title", "tags[*]", "nil"])).toEqual([
      { field: "title", text: "T" },
      { field: "tags[*].0", text: "a" },
      { field: "tags[*].1", text: "b" },
      { field: "tags[*].2", text: "c" },
    ]);
  });

  it("reuses vectors of unchanged text and embeds the rest", () => {
    const plan = planIndexUpdate(
      ["old", "same"],
      [
        { field: "a", text: "same" },
        { field: "b", text: "new" },
      ],
    );
    expect(plan.reuse).toEqual([{ field: "a", text: "same" }]);
    expect(plan.embed).toEqual([{ field: "b", text: "new" }]);
  });
});
