import { describe, expect, it } from "vitest";
import { collect, ids, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

/** deleteThread takes everything of one thread, nothing else, and stays deleted. */
export function deleteThreadCases(ctx: SaverSuiteContext): void {
  describe("deleteThread", () => {
    async function twoThreads() {
      const saver = await ctx.saver();
      const doomed = new Timeline(saver, "doomed");
      const doomedChild = new Timeline(saver, "doomed", "child:1");
      const kept = new Timeline(saver, "kept");
      const d1 = await doomed.next({ shared: "same value in both threads", n: 1 });
      await doomedChild.next({ c: 1 });
      await doomed.next({ n: 2 });
      await saver.putWrites(d1, [["n", "write"]], "task");
      const k1 = await kept.next({ shared: "same value in both threads", n: 1 });
      await saver.putWrites(k1, [["n", "kept write"]], "task");
      return { saver, doomed, kept, d1, k1 };
    }

    it("removes checkpoints and writes of every namespace, and nothing of other threads", async () => {
      const { saver, kept, d1, k1 } = await twoThreads();
      await saver.deleteThread("doomed");
      expect(await saver.getTuple(threadConfig("doomed"))).toBeUndefined();
      expect(
        await saver.getTuple(threadConfig("doomed", { checkpoint_ns: "child:1" })),
      ).toBeUndefined();
      expect(await saver.getTuple(d1)).toBeUndefined();
      expect(await collect(saver.list(threadConfig("doomed")))).toEqual([]);
      const survivor = await saver.getTuple(k1);
      expect(survivor?.checkpoint).toEqual(kept.last.checkpoint);
      expect(survivor?.pendingWrites).toEqual([["task", "n", "kept write"]]);
      expect(ids(await collect(saver.list({})))).toEqual([kept.last.checkpoint.id]);
    });

    it("ignores a late write for a deleted checkpoint: the thread does not come back", async () => {
      const { saver, d1 } = await twoThreads();
      await saver.deleteThread("doomed");
      await saver.putWrites(d1, [["n", "late"]], "late-task");
      expect(await saver.getTuple(threadConfig("doomed"))).toBeUndefined();
      expect(await saver.getTuple(d1)).toBeUndefined();
      expect(await collect(saver.list(threadConfig("doomed")))).toEqual([]);
      expect((await collect(saver.list({}))).map((t) => t.config.configurable?.thread_id)).toEqual([
        "kept",
      ]);
    });

    it("ignores writes for a checkpoint that was never saved", async () => {
      const saver = await ctx.saver();
      await saver.putWrites(
        threadConfig("ghost", {
          checkpoint_ns: "",
          checkpoint_id: "1ef00000-0000-6000-8000-000000000000",
        }),
        [["a", 1]],
        "task",
      );
      expect(await saver.getTuple(threadConfig("ghost"))).toBeUndefined();
      expect(await collect(saver.list({}))).toEqual([]);
    });

    it("leaves nothing when a write races with the delete", async () => {
      const { saver, d1 } = await twoThreads();
      await Promise.all([
        saver.putWrites(d1, [["n", { payload: "x".repeat(10_000) }]], "racing-task"),
        saver.deleteThread("doomed"),
        saver.putWrites(d1, [["n", "another"]], "racing-task-2"),
      ]);
      expect(await saver.getTuple(threadConfig("doomed"))).toBeUndefined();
      expect(await collect(saver.list(threadConfig("doomed")))).toEqual([]);
    });

    it("starts a fresh thread on a put after the delete", async () => {
      const { saver } = await twoThreads();
      await saver.deleteThread("doomed");
      const again = new Timeline(saver, "doomed");
      await again.next({ fresh: true });
      const listed = await collect(saver.list(threadConfig("doomed")));
      expect(ids(listed)).toEqual([again.last.checkpoint.id]);
      expect(listed[0]?.checkpoint.channel_values).toEqual({ fresh: true });
      expect(listed[0]?.pendingWrites ?? []).toEqual([]);
    });

    it("does nothing for an unknown thread", async () => {
      const { saver } = await twoThreads();
      await saver.deleteThread("nobody");
      expect(await collect(saver.list({}))).toHaveLength(4);
    });
  });
}
