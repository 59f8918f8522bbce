import { describe, expect, it } from "vitest";
import { z } from "zod";
import { entrypoint, InMemoryCache, START, StateGraph, StateSchema, task } from "../index.ts";
import { defaultCacheKey } from "./base-cache.ts";

describe("node and task caching", () => {
  const State = new StateSchema({ x: z.number(), result: z.number().optional() });

  it("reuses a node's result for the same input until the TTL passes", async () => {
    let now = 1_000_000;
    let runs = 0;
    const graph = new StateGraph(State)
      .addNode(
        "expensive",
        (s) => {
          runs++;
          return { result: s.x * 2 };
        },
        { cachePolicy: { ttl: 60 } },
      )
      .addEdge(START, "expensive")
      .compile({ cache: new InMemoryCache({ now: () => now }) });

    expect(await graph.invoke({ x: 5 })).toEqual({ x: 5, result: 10 });
    const updates: unknown[] = [];
    for await (const u of await graph.stream({ x: 5 }, { streamMode: "updates" })) updates.push(u);
    expect(updates).toEqual([{ expensive: { result: 10 }, __metadata__: { cached: true } }]);
    expect(runs).toBe(1);
    expect(await graph.invoke({ x: 6 })).toEqual({ x: 6, result: 12 });
    expect(runs).toBe(2);
    now += 61_000;
    await graph.invoke({ x: 5 });
    expect(runs).toBe(3);
  });

  it("uses the key function, and nothing is cached without a cache", async () => {
    let runs = 0;
    const node = () => {
      runs++;
      return { result: runs };
    };
    const keyed = new StateGraph(State)
      .addNode("n", node, { cachePolicy: { keyFunc: () => "same" } })
      .addEdge(START, "n")
      .compile({ cache: new InMemoryCache() });
    await keyed.invoke({ x: 1 });
    expect(await keyed.invoke({ x: 2 })).toEqual({ x: 2, result: 1 });
    const uncached = new StateGraph(State)
      .addNode("n", node, { cachePolicy: {} })
      .addEdge(START, "n")
      .compile();
    await uncached.invoke({ x: 1 });
    await uncached.invoke({ x: 1 });
    expect(runs).toBe(3);
  });

  it("caches task() results by arguments", async () => {
    let calls = 0;
    const slowSquare = task(
      { name: "slowSquare", cachePolicy: { ttl: 120 } },
      async (n: number) => {
        calls++;
        return n * n;
      },
    );
    const workflow = entrypoint(
      { name: "squares", cache: new InMemoryCache() },
      async (ns: number[]) => Promise.all(ns.map((n) => slowSquare(n))),
    );
    expect(await workflow.invoke([2, 3])).toEqual([4, 9]);
    expect(await workflow.invoke([3, 4])).toEqual([9, 16]);
    expect(calls).toBe(3);
  });

  it("the default key ignores property order", () => {
    expect(defaultCacheKey({ a: 1, b: { c: 2, d: 3 } })).toBe(
      defaultCacheKey({ b: { d: 3, c: 2 }, a: 1 }),
    );
    expect(defaultCacheKey({ a: 1 })).not.toBe(defaultCacheKey({ a: 2 }));
  });

  it("a cached value cannot be changed by mutating the result", async () => {
    const cache = new InMemoryCache();
    const value = { list: [1] };
    await cache.set([{ key: [["ns"], "k"], value }]);
    value.list.push(2);
    const [hit] = await cache.get([[["ns"], "k"]]);
    expect(hit!.value).toEqual({ list: [1] });
    await cache.clear([["ns"]]);
    expect(await cache.get([[["ns"], "k"]])).toEqual([]);
  });
});
