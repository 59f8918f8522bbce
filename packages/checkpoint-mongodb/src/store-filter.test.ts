import { describe, expect, it } from "vitest";
import {
  filterToQuery,
  MAX_QUERY_FIELDS,
  MAX_QUERY_STRING,
  queryableCopy,
  queryField,
} from "./store-filter.ts";

describe("queryField", () => {
  it("escapes '.', '$', '%' and NUL so that different paths never share a name", () => {
    expect(queryField("profile.city")).toBe("profile%2ecity");
    expect(queryField("$price")).toBe("%24price");
    expect(queryField("50%.a")).toBe("50%25%2ea");
    expect(queryField("a\u0000b")).toBe("a%00b");
    expect(queryField("a%2eb")).not.toBe(queryField("a.b"));
  });
});

describe("queryableCopy", () => {
  it("copies scalars by dotted path, array elements by index", () => {
    const { q, partial } = queryableCopy({
      name: "Ann",
      age: 31,
      admin: false,
      tags: ["a", "b"],
      profile: { city: "Oslo", zip: null, geo: [{ lat: 1.5 }] },
      negZero: -0,
    });
    expect(partial).toBe(false);
    expect(q).toEqual({
      name: "Ann",
      age: 31,
      admin: false,
      "tags%2e0": "a",
      "tags%2e1": "b",
      "profile%2ecity": "Oslo",
      "profile%2egeo%2e0%2elat": 1.5,
      negZero: 0,
    });
    expect(Object.is(q.negZero, 0)).toBe(true);
  });

  it("skips keys no filter path can reach, which keeps paths unique", () => {
    const { q, partial } = queryableCopy({ "a.b": 1, a: { b: 2 }, "": 3, $x: 4 });
    expect(q).toEqual({ "a%2eb": 2, "%24x": 4 });
    expect(partial).toBe(false);
  });

  it("marks the item partial for long or malformed strings and for too many scalars", () => {
    expect(queryableCopy({ t: "x".repeat(MAX_QUERY_STRING) }).partial).toBe(false);
    expect(queryableCopy({ t: "x".repeat(MAX_QUERY_STRING + 1) }).partial).toBe(true);
    expect(queryableCopy({ t: "broken \ud800 surrogate" }).partial).toBe(true);
    expect(queryableCopy({ t: "paired 😀" }).partial).toBe(false);
    const many = Array.from({ length: MAX_QUERY_FIELDS + 1 }, (_, i) => i);
    expect(queryableCopy({ many }).partial).toBe(true);
    expect(queryableCopy({ many: many.slice(1) }).partial).toBe(false);
  });
});

describe("filterToQuery", () => {
  const pushed = (filter: Record<string, unknown>) => {
    const query = filterToQuery(filter) as { $or: [unknown, Record<string, unknown>] } | undefined;
    if (query === undefined) return undefined;
    expect(query.$or[0]).toEqual({ qPartial: true });
    const rest = query.$or[1];
    return (rest.$and as Record<string, unknown>[] | undefined) ?? [rest];
  };

  it("pushes equality, comparisons and membership on scalars", () => {
    expect(
      pushed({
        role: "admin",
        "profile.city": { $eq: "Oslo" },
        age: { $gte: 18, $lt: 65 },
        name: { $gt: "B" },
        tier: { $in: [1, 2, "gold"] },
        state: { $nin: ["banned"] },
        flag: { $ne: true },
      }),
    ).toEqual([
      { "q.role": "admin" },
      { "q.profile%2ecity": { $eq: "Oslo" } },
      { "q.age": { $gte: 18, $lt: 65 } },
      { "q.name": { $gt: "B" } },
      { "q.tier": { $in: [1, 2, "gold"] } },
      { "q.state": { $nin: ["banned"] } },
      { "q.flag": { $ne: true } },
    ]);
  });

  it("turns a nested object without operators into one condition per named field", () => {
    expect(pushed({ profile: { city: "Oslo", geo: { zip: { $gte: 2 } } } })).toEqual([
      { "q.profile%2ecity": "Oslo" },
      { "q.profile%2egeo%2ezip": { $gte: 2 } },
    ]);
  });

  it("leaves to the in-process check what the server could judge differently", () => {
    // null ($ne null keeps missing fields in JavaScript, not in MongoDB), arrays and
    // objects compared whole, dates, -0 (MongoDB equates it with 0, JavaScript does not),
    // lone surrogates, NaN, non-array $in, range bounds ordered differently in UTF-8.
    expect(
      pushed({
        a: null,
        b: { $ne: null },
        c: ["x"],
        d: { $eq: { x: 1 } },
        e: new Date(0),
        f: -0,
        g: "\udc00",
        h: { $gt: Number.NaN },
        i: { $in: "x" },
        j: { $nin: ["x", null] },
        k: { $lt: "\uffff" },
        l: { $gt: "😀" },
        "m..n": 1,
        o: { "p.q": 1, "": 2 },
      }),
    ).toBeUndefined();
    expect(filterToQuery(undefined)).toBeUndefined();
    expect(filterToQuery({})).toBeUndefined();
  });

  it("keeps the pushable operators of a mixed condition", () => {
    expect(pushed({ n: { $gt: 1, $ne: null, $in: [2, 3] } })).toEqual([
      { "q.n": { $gt: 1, $in: [2, 3] } },
    ]);
  });
});
