import { describe, expect, it } from "vitest";
import { collect, ids, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

/** `list`: order, filter, before, limit, and its scope (namespace, thread, everything). */
export function listCases(ctx: SaverSuiteContext): void {
  describe("list", () => {
    async function sixSteps() {
      const saver = await ctx.saver();
      const timeline = new Timeline(saver, "t");
      for (let i = 0; i < 6; i++) {
        await timeline.next(
          { n: i },
          {
            metadata: {
              parity: i % 2 === 0 ? "even" : "odd",
              writes: { agent: { n: i } },
              ...(i === 3 ? { marker: "ünï 😀" } : {}),
            },
          },
        );
      }
      const newestFirst = timeline.saved.map((s) => s.checkpoint.id).reverse();
      return { saver, timeline, newestFirst };
    }

    it("yields newest first, each tuple as getTuple returns it", async () => {
      const { saver, newestFirst } = await sixSteps();
      const listed = await collect(saver.list(threadConfig("t")));
      expect(ids(listed)).toEqual(newestFirst);
      expect(listed.map((t) => t.metadata?.step)).toEqual([5, 4, 3, 2, 1, 0]);
      for (const tuple of listed) expect(tuple).toEqual(await saver.getTuple(tuple.config));
    });

    it("filters on metadata: several keys, nested values, no match", async () => {
      const { saver } = await sixSteps();
      const steps = async (filter: Record<string, unknown>) =>
        (await collect(saver.list(threadConfig("t"), { filter }))).map((t) => t.metadata?.step);
      expect(await steps({ parity: "even" })).toEqual([4, 2, 0]);
      expect(await steps({ parity: "odd", source: "loop" })).toEqual([5, 3, 1]);
      expect(await steps({ writes: { agent: { n: 4 } } })).toEqual([4]);
      expect(await steps({ marker: "ünï 😀" })).toEqual([3]);
      expect(await steps({ step: 2 })).toEqual([2]);
      expect(await steps({ parity: "none" })).toEqual([]);
      expect(await steps({ missing: "key" })).toEqual([]);
    });

    it("applies before, limit and all options together", async () => {
      const { saver, timeline, newestFirst } = await sixSteps();
      const listIds = async (options: Parameters<typeof saver.list>[1]) =>
        ids(await collect(saver.list(threadConfig("t"), options)));
      expect(await listIds({ before: timeline.saved[3]!.config })).toEqual(newestFirst.slice(3));
      expect(await listIds({ limit: 2 })).toEqual(newestFirst.slice(0, 2));
      expect(await listIds({ limit: 100 })).toEqual(newestFirst);
      expect(
        await listIds({ filter: { parity: "odd" }, before: timeline.saved[5]!.config, limit: 1 }),
      ).toEqual([newestFirst[2]]);
    });

    it("narrows to one checkpoint when the config names an id", async () => {
      const { saver, timeline } = await sixSteps();
      const listed = await collect(saver.list(timeline.saved[2]!.config));
      expect(ids(listed)).toEqual([timeline.saved[2]!.checkpoint.id]);
    });

    it("lists every namespace of a thread without checkpoint_ns, newest first", async () => {
      const saver = await ctx.saver();
      const root = new Timeline(saver, "t", "");
      const child = new Timeline(saver, "t", "child:1");
      await root.next({ a: 0 });
      await child.next({ b: 0 });
      await root.next({ a: 1 });
      await child.next({ b: 1 });
      const all = await collect(saver.list(threadConfig("t")));
      expect(ids(all)).toEqual([
        child.saved[1]!.checkpoint.id,
        root.saved[1]!.checkpoint.id,
        child.saved[0]!.checkpoint.id,
        root.saved[0]!.checkpoint.id,
      ]);
      expect(all.map((t) => t.config.configurable?.checkpoint_ns)).toEqual([
        "child:1",
        "",
        "child:1",
        "",
      ]);
      const rootOnly = await collect(saver.list(threadConfig("t", { checkpoint_ns: "" })));
      expect(ids(rootOnly)).toEqual(root.saved.map((s) => s.checkpoint.id).reverse());
    });

    it("lists every thread when the config names none, newest first", async () => {
      const saver = await ctx.saver();
      const a = new Timeline(saver, "a");
      const b = new Timeline(saver, "b");
      await a.next({ x: 0 });
      await b.next({ x: 0 });
      await a.next({ x: 1 });
      const all = await collect(saver.list({}));
      expect(ids(all)).toEqual([a.saved[1], b.saved[0], a.saved[0]].map((s) => s!.checkpoint.id));
      expect(ids(await collect(saver.list({}, { limit: 1 })))).toEqual([a.saved[1]!.checkpoint.id]);
      expect(ids(await collect(saver.list({}, { filter: { step: 0 } })))).toEqual(
        [b.saved[0], a.saved[0]].map((s) => s!.checkpoint.id),
      );
    });

    it("yields nothing for an unknown thread or a zero limit", async () => {
      const { saver } = await sixSteps();
      expect(await collect(saver.list(threadConfig("nobody")))).toEqual([]);
      expect(await collect(saver.list(threadConfig("t"), { limit: 0 }))).toEqual([]);
    });
  });
}
