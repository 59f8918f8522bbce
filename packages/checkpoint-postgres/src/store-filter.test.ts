import { describe, expect, it } from "vitest";
import { filterToSql } from "./store-filter.ts";
import { SqlParams } from "./store-sql.ts";

describe("filterToSql", () => {
  it("turns equality into jsonb containment, bound as a parameter", () => {
    const params = new SqlParams();
    const sql = filterToSql({ "profile.city": "Oslo", n: 3, ok: true, none: null }, params);
    expect(sql).toBe(
      "(i.value @> $1::jsonb) AND (i.value @> $2::jsonb) AND (i.value @> $3::jsonb) AND (i.value @> $4::jsonb)",
    );
    expect(params.values).toEqual([
      '{"profile":{"city":"Oslo"}}',
      '{"n":3}',
      '{"ok":true}',
      '{"none":null}',
    ]);
  });

  it("reads array positions with #> (containment would need an object)", () => {
    const params = new SqlParams();
    expect(filterToSql({ "tags.0": { $eq: "x" } }, params)).toBe(
      "(i.value #> $1::text[] = $2::jsonb)",
    );
    expect(params.values).toEqual([["tags", "0"], '"x"']);
  });

  it("compares numbers and strings only with values of their own JSON type", () => {
    const params = new SqlParams();
    const sql = filterToSql({ age: { $gte: 30 }, name: { $lt: "M" } }, params)!;
    expect(sql).toContain("CASE WHEN jsonb_typeof(i.value #> $1::text[]) = 'number'");
    expect(sql).toContain("THEN (i.value #> $1::text[])::numeric >= $2::numeric ELSE false END");
    expect(sql).toContain(`(i.value #> $3::text[] #>> '{}') COLLATE "C" < $4::text`);
    expect(params.values).toEqual([["age"], "30", ["name"], "M"]);
  });

  it("leaves to JavaScript what SQL would judge differently, binding nothing for it", () => {
    const params = new SqlParams();
    const skipped = {
      a: { $ne: 1 },
      b: { $nin: [1] },
      c: { nested: 1 },
      d: ["list"],
      e: { $gt: "\u{1F600}" },
      f: { $gt: true },
      g: { $in: [{ x: 1 }] },
      h: Number.NaN,
      "": 1,
      "x..y": 1,
    };
    expect(filterToSql(skipped, params)).toBeUndefined();
    expect(params.values).toEqual([]);
    expect(filterToSql(undefined, params)).toBeUndefined();
  });

  it("pushes $in of primitives as jsonb equality with any of them", () => {
    const params = new SqlParams();
    expect(filterToSql({ role: { $in: ["a", 2, null] } }, params)).toBe(
      "(i.value #> $1::text[] = ANY($2::text[]::jsonb[]))",
    );
    expect(params.values).toEqual([["role"], ['"a"', "2", "null"]]);
  });
});
