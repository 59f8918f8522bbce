import { type BaseCheckpointSaver, INTERRUPT } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { collect, ids, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

const day = (n: number) => new Date(Date.UTC(2025, 0, n));

/**
 * Thread "a": root namespace days 1–5 (one write each, an open interrupt on the
 * newest), a subgraph namespace days 1–3. Thread "b": days 1–3, two writes each.
 * `big` is written once on day 1 and reused by every later root checkpoint of "a".
 */
async function seed(saver: BaseCheckpointSaver) {
  const root = new Timeline(saver, "a", "");
  const child = new Timeline(saver, "a", "child:1");
  const other = new Timeline(saver, "b", "");
  const big = { history: Array.from({ length: 50 }, (_, i) => `line ${i}`) };
  for (let n = 1; n <= 5; n++) {
    const config = await root.next(n === 1 ? { big, n } : { n }, { ts: day(n) });
    await saver.putWrites(config, [["n", `write ${n}`]], "task");
  }
  await saver.putWrites(root.config, [[INTERRUPT, [{ value: "approve?", id: "i" }]]], "paused");
  for (let n = 1; n <= 3; n++) await child.next({ c: n }, { ts: day(n) });
  for (let n = 1; n <= 3; n++) {
    const config = await other.next({ n }, { ts: day(n) });
    await saver.putWrites(
      config,
      [
        ["n", n],
        ["m", n],
      ],
      "task",
    );
  }
  return { root, child, other, big };
}

/** Ids left in one (thread, namespace), newest first. */
async function remaining(saver: BaseCheckpointSaver, threadId: string, ns: string) {
  return ids(await collect(saver.list(threadConfig(threadId, { checkpoint_ns: ns }))));
}

const newest = (timeline: Timeline, count: number) =>
  timeline.saved
    .slice(-count)
    .map((s) => s.checkpoint.id)
    .reverse();

/** prune: keepLast, olderThan, both, scope; never the latest of a namespace. */
export function pruneCases(ctx: SaverSuiteContext): void {
  describe("prune", () => {
    it("keepLast keeps the newest of each namespace, with the values they still use", async () => {
      const saver = await ctx.saver();
      const { root, child, other, big } = await seed(saver);
      expect(await saver.prune(["a"], { keepLast: 2 })).toEqual({ checkpoints: 4, writes: 3 });
      expect(await remaining(saver, "a", "")).toEqual(newest(root, 2));
      expect(await remaining(saver, "a", "child:1")).toEqual(newest(child, 2));
      expect(await remaining(saver, "b", "")).toEqual(newest(other, 3));
      // Day 4 reuses `big`, first stored with day 1, which is gone.
      const kept = await saver.getTuple(root.saved[3]!.config);
      expect(kept?.checkpoint.channel_values).toEqual({ big, n: 4 });
      expect(kept?.pendingWrites).toEqual([["task", "n", "write 4"]]);
      expect(await saver.getTuple(root.saved[0]!.config)).toBeUndefined();
    });

    it("olderThan removes only checkpoints created before it", async () => {
      const saver = await ctx.saver();
      const { root, child, other } = await seed(saver);
      const removed = await saver.prune(undefined, { olderThan: day(3) });
      expect(removed).toEqual({ checkpoints: 6, writes: 2 + 4 });
      expect(await remaining(saver, "a", "")).toEqual(newest(root, 3));
      expect(await remaining(saver, "a", "child:1")).toEqual(newest(child, 1));
      expect(await remaining(saver, "b", "")).toEqual(newest(other, 1));
      expect(await saver.prune(undefined, { olderThan: day(3).getTime() })).toEqual({
        checkpoints: 0,
        writes: 0,
      });
    });

    it("removes a checkpoint only when keepLast and olderThan both allow it", async () => {
      const saver = await ctx.saver();
      const { root, child, other } = await seed(saver);
      expect(await saver.prune(undefined, { keepLast: 3, olderThan: day(3) })).toEqual({
        checkpoints: 2,
        writes: 2,
      });
      expect(await remaining(saver, "a", "")).toEqual(newest(root, 3));
      expect(await remaining(saver, "a", "child:1")).toEqual(newest(child, 3));
      expect(await remaining(saver, "b", "")).toEqual(newest(other, 3));
    });

    it("never removes the latest checkpoint of a namespace, nor its open interrupt", async () => {
      const saver = await ctx.saver();
      const { root, child, other, big } = await seed(saver);
      const result = await saver.prune(undefined, { keepLast: 0, olderThan: day(1000) });
      expect(result).toEqual({ checkpoints: 4 + 2 + 2, writes: 4 + 4 });
      expect(await remaining(saver, "a", "")).toEqual(newest(root, 1));
      expect(await remaining(saver, "a", "child:1")).toEqual(newest(child, 1));
      expect(await remaining(saver, "b", "")).toEqual(newest(other, 1));
      const head = await saver.getTuple(threadConfig("a"));
      expect(head?.checkpoint.channel_values).toEqual({ big, n: 5 });
      expect(head?.pendingWrites).toEqual(
        expect.arrayContaining([
          ["task", "n", "write 5"],
          ["paused", INTERRUPT, [{ value: "approve?", id: "i" }]],
        ]),
      );
      expect(await saver.prune()).toEqual({ checkpoints: 0, writes: 0 });
    });

    it("prunes every thread when none are given, only the given ones otherwise", async () => {
      const saver = await ctx.saver();
      const { root, other } = await seed(saver);
      expect(await saver.prune([])).toEqual({ checkpoints: 0, writes: 0 });
      expect(await saver.prune(["b", "unknown"])).toEqual({ checkpoints: 2, writes: 4 });
      expect(await remaining(saver, "a", "")).toEqual(newest(root, 5));
      expect(await remaining(saver, "b", "")).toEqual(newest(other, 1));
      expect((await saver.prune()).checkpoints).toBe(4 + 2);
      expect(await remaining(saver, "a", "")).toEqual(newest(root, 1));
    });

    it("lets the history continue after a prune", async () => {
      const saver = await ctx.saver();
      const { root, big } = await seed(saver);
      await saver.prune(["a"]);
      const next = await root.next({ n: 6 }, { ts: day(6) });
      expect((await saver.getTuple(next))?.checkpoint.channel_values).toEqual({ big, n: 6 });
      expect(await remaining(saver, "a", "")).toEqual(newest(root, 2));
    });
  });
}
