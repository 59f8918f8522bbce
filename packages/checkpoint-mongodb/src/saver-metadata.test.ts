import { matchesMetadataFilter } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { filterTerms, metadataTerms } from "./saver-metadata.ts";

/** Whether the stored terms admit the filter: every filter term must be among them. */
function admitted(metadata: Record<string, unknown>, filter: Record<string, unknown>): boolean {
  const stored = new Set(metadataTerms(metadata));
  return filterTerms(filter).every((term) => stored.has(term));
}

describe("metadata terms", () => {
  const metadata = {
    source: "loop",
    step: 3,
    parents: { "": "1ef" },
    user: { name: "ada", tags: ["a", "b"], at: new Date(5) },
    "dotted.key": true,
    $dollar: null,
  };

  it("admit every filter that matchesMetadataFilter accepts, whatever the key order", () => {
    const filters: Record<string, unknown>[] = [
      {},
      { source: "loop" },
      { step: 3, source: "loop" },
      { parents: { "": "1ef" } },
      { user: { tags: ["a", "b"], at: new Date(5), name: "ada" } },
      { "dotted.key": true, $dollar: null },
    ];
    for (const filter of filters) {
      expect(matchesMetadataFilter(metadata, filter)).toBe(true);
      expect(admitted(metadata, filter)).toBe(true);
    }
  });

  it("tell apart values that deepEqual tells apart", () => {
    const rejected: Record<string, unknown>[] = [
      { step: "3" },
      { step: 4 },
      { source: "input" },
      { user: { name: "ada", tags: ["b", "a"], at: new Date(5) } },
      { user: { name: "ada", tags: ["a", "b"], at: new Date(6) } },
      { user: { name: "ada", tags: ["a", "b"], at: 5 } },
      { missing: 1 },
      { $dollar: 0 },
    ];
    for (const filter of rejected) {
      expect(matchesMetadataFilter(metadata, filter)).toBe(false);
      expect(admitted(metadata, filter)).toBe(false);
    }
  });

  it("keep terms short: long values are hashed, equal ones to the same term", () => {
    const long = { text: "x".repeat(10_000) };
    const [term] = metadataTerms(long);
    expect(term!.length).toBeLessThan(100);
    expect(filterTerms({ text: "x".repeat(10_000) })).toEqual([term]);
    expect(filterTerms({ text: "x".repeat(9_999) })).not.toEqual([term]);
  });

  it("leave keys without a canonical text to the in-process check", () => {
    expect(filterTerms({ a: undefined, f: () => 1 })).toEqual([]);
    expect(metadataTerms({ f: () => 1, s: Symbol("s") })).toEqual([]);
  });
});
