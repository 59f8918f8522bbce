import { describe, expect, it } from "vitest";
import { Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

/** Which checkpoint a config names, and what comes with it. */
export function getTupleCases(ctx: SaverSuiteContext): void {
  describe("getTuple: latest, by id, parentConfig", () => {
    it("put returns the config that names the saved checkpoint", async () => {
      const saver = await ctx.saver();
      const timeline = new Timeline(saver, "t", "");
      const config = await timeline.next({ a: 1 });
      expect(config.configurable).toEqual({
        thread_id: "t",
        checkpoint_ns: "",
        checkpoint_id: timeline.last.checkpoint.id,
      });
    });

    it("reads the latest checkpoint without an id and any checkpoint by id", async () => {
      const saver = await ctx.saver();
      const timeline = new Timeline(saver, "t");
      const first = await timeline.next({ n: 0 });
      const second = await timeline.next({ n: 1 });
      const third = await timeline.next({ n: 2 });
      const latest = await saver.getTuple(threadConfig("t"));
      expect(latest?.config.configurable?.checkpoint_id).toBe(third.configurable?.checkpoint_id);
      expect(latest?.checkpoint.channel_values).toEqual({ n: 2 });
      expect((await saver.getTuple(first))?.checkpoint.channel_values).toEqual({ n: 0 });
      const middle = await saver.getTuple(second);
      expect(middle?.config).toEqual(second);
      expect(middle?.checkpoint).toEqual(timeline.saved[1]?.checkpoint);
      expect(await saver.get(second)).toEqual(middle?.checkpoint);
    });

    it("returns undefined for an unknown thread, namespace or id", async () => {
      const saver = await ctx.saver();
      await new Timeline(saver, "t").next({ a: 1 });
      expect(await saver.getTuple(threadConfig("nobody"))).toBeUndefined();
      expect(await saver.getTuple(threadConfig("t", { checkpoint_ns: "child:1" }))).toBeUndefined();
      expect(
        await saver.getTuple(
          threadConfig("t", { checkpoint_id: "1ef00000-0000-6000-8000-000000000000" }),
        ),
      ).toBeUndefined();
      expect(await saver.get(threadConfig("nobody"))).toBeUndefined();
    });

    it("gives parentConfig naming the parent, none for the first checkpoint", async () => {
      const saver = await ctx.saver();
      const timeline = new Timeline(saver, "t", "child:1");
      const first = await timeline.next({ a: 1 });
      const second = await timeline.next({ a: 2 });
      expect((await saver.getTuple(first))?.parentConfig).toBeUndefined();
      expect((await saver.getTuple(second))?.parentConfig?.configurable).toEqual(
        first.configurable,
      );
    });

    it("returns pending writes with the checkpoint, an empty list when there are none", async () => {
      const saver = await ctx.saver();
      const config = await new Timeline(saver, "t").next({ a: 1 });
      expect((await saver.getTuple(config))?.pendingWrites ?? []).toEqual([]);
      await saver.putWrites(config, [["a", 2]], "task");
      expect((await saver.getTuple(threadConfig("t")))?.pendingWrites).toEqual([["task", "a", 2]]);
    });
  });
}
