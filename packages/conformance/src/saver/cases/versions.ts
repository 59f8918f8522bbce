import { emptyCheckpoint, maxChannelVersion } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { collect, ids, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

/** Channel versions: partial puts, forks that reuse version numbers, getNextVersion. */
export function versionCases(ctx: SaverSuiteContext): void {
  describe("channel versions and forks", () => {
    it("reads back full values when a put names only the changed channels", async () => {
      const saver = await ctx.saver();
      const timeline = new Timeline(saver, "t");
      const big = { history: Array.from({ length: 200 }, (_, i) => `entry ${i}`) };
      await timeline.next({ big, counter: 0, label: "start" });
      for (let i = 1; i <= 5; i++) await timeline.next({ counter: i });
      await timeline.next({ label: "end" });
      for (const saved of timeline.saved) {
        const read = await saver.getTuple(saved.config);
        expect(read?.checkpoint.channel_values).toEqual(saved.checkpoint.channel_values);
        expect(read?.checkpoint.channel_versions).toEqual(saved.checkpoint.channel_versions);
      }
    });

    it("keeps both branches of a fork apart although they reuse version numbers", async () => {
      const saver = await ctx.saver();
      const main = new Timeline(saver, "t");
      const base = await main.next({ x: "base", y: "shared" });
      await main.next({ x: "left 1" });
      await main.next({ x: "left 2", y: "left y" });
      // Time travel: continue from `base`; the same versions get counted again.
      const fork = await Timeline.from(saver, base);
      await fork.next({ x: "right 1" });
      await fork.next({ x: "right 2" });
      expect(fork.last.checkpoint.channel_versions.x).toEqual(
        main.saved[2]!.checkpoint.channel_versions.x,
      );
      for (const saved of [...main.saved, ...fork.saved]) {
        expect((await saver.getTuple(saved.config))?.checkpoint.channel_values).toEqual(
          saved.checkpoint.channel_values,
        );
      }
      expect((await saver.getTuple(fork.saved[0]!.config))?.parentConfig?.configurable).toEqual(
        base.configurable,
      );
      const latest = await saver.getTuple(threadConfig("t"));
      expect(latest?.checkpoint.channel_values).toEqual({ x: "right 2", y: "shared" });
      expect(ids(await collect(saver.list(threadConfig("t"))))).toHaveLength(5);
    });

    it("stores every value when the parent was never saved (durability exit)", async () => {
      const saver = await ctx.saver();
      const unsavedParent = emptyCheckpoint().id;
      const checkpoint = {
        ...emptyCheckpoint(),
        channel_values: { a: "kept", b: [1, 2] },
        channel_versions: { a: 3, b: 5 },
      };
      const config = await saver.put(
        threadConfig("t", { checkpoint_ns: "", checkpoint_id: unsavedParent }),
        checkpoint,
        { source: "loop", step: 4, parents: {} },
        {},
      );
      const read = await saver.getTuple(config);
      expect(read?.checkpoint.channel_values).toEqual({ a: "kept", b: [1, 2] });
      expect(read?.parentConfig?.configurable?.checkpoint_id).toBe(unsavedParent);
    });

    it("getNextVersion increases strictly", async () => {
      const saver = await ctx.saver();
      let current = saver.getNextVersion(undefined);
      for (let i = 0; i < 100; i++) {
        const next = saver.getNextVersion(current);
        expect(next).not.toEqual(current);
        expect(maxChannelVersion(current, next)).toEqual(next);
        current = next;
      }
    });
  });
}
