import { describe, expect, it } from "vitest";
import { collect, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";
import { sampleChannelValues, sampleMetadata } from "../sample-values.ts";

/** put → getTuple returns exactly what was saved, for every kind of value. */
export function roundTripCases(ctx: SaverSuiteContext): void {
  describe("put / getTuple round-trip", () => {
    it("reads back every serializable type, the metadata and the checkpoint fields", async () => {
      const saver = await ctx.saver();
      const timeline = new Timeline(saver, "round-trip");
      const config = await timeline.next(sampleChannelValues(), { metadata: sampleMetadata() });
      const { checkpoint, metadata } = timeline.last;
      const tuple = await saver.getTuple(config);
      expect(tuple?.checkpoint).toEqual(checkpoint);
      expect(tuple?.metadata).toEqual(metadata);
      const values = tuple!.checkpoint.channel_values;
      // toEqual treats 0 and -0 alike; the saver must not.
      expect(Object.is(values.negativeZero, -0)).toBe(true);
      expect(values.bytes).toBeInstanceOf(Uint8Array);
      expect(values.map).toBeInstanceOf(Map);
      expect(values.set).toBeInstanceOf(Set);
      expect(values.date).toBeInstanceOf(Date);
      expect(typeof values.bigint).toBe("bigint");
    });

    it("keeps unicode in thread ids, namespaces, channel names, task ids and values", async () => {
      const saver = await ctx.saver();
      const threadId = "thread ✓ 日本 😀 𝄞 $x.y";
      const ns = "child:ñ|grand-child:👩‍👩‍👧";
      const timeline = new Timeline(saver, threadId, ns);
      const values = { "canal.ü$": "värde 🎉", "📨": ["𝒳", "y"] };
      const config = await timeline.next(values);
      await saver.putWrites(config, [["📨", "𝄞 write"]], "tâche-😀");
      const tuple = await saver.getTuple(threadConfig(threadId, { checkpoint_ns: ns }));
      expect(tuple?.config.configurable).toEqual({
        thread_id: threadId,
        checkpoint_ns: ns,
        checkpoint_id: timeline.last.checkpoint.id,
      });
      expect(tuple?.checkpoint.channel_values).toEqual(values);
      expect(tuple?.pendingWrites).toEqual([["tâche-😀", "📨", "𝄞 write"]]);
      expect((await collect(saver.list(threadConfig(threadId)))).length).toBe(1);
    });

    it("round-trips pending write values of every type", async () => {
      const saver = await ctx.saver();
      const config = await new Timeline(saver, "write-values").next({ x: 1 });
      const values = sampleChannelValues();
      const writes = Object.entries(values);
      await saver.putWrites(config, writes, "task");
      const tuple = await saver.getTuple(config);
      expect(tuple?.pendingWrites).toEqual(
        writes.map(([channel, value]) => ["task", channel, value]),
      );
    });

    it("isolates saved state from the caller's objects, in both directions", async () => {
      const saver = await ctx.saver();
      const list = [{ x: 1 }];
      const timeline = new Timeline(saver, "isolation");
      const config = await timeline.next({ list });
      const { checkpoint, metadata } = timeline.last;
      list[0]!.x = 99;
      checkpoint.channel_versions.list = 77;
      checkpoint.versions_seen.agent = { list: 77 };
      (metadata as { step: number }).step = 77;
      const read = await saver.getTuple(config);
      expect(read?.checkpoint.channel_values.list).toEqual([{ x: 1 }]);
      expect(read?.checkpoint.channel_versions.list).not.toBe(77);
      expect(read?.checkpoint.versions_seen.agent).not.toEqual({ list: 77 });
      expect(read?.metadata?.step).not.toBe(77);
      (read!.checkpoint.channel_values.list as { x: number }[])[0]!.x = 5;
      read!.checkpoint.versions_seen.other = {};
      read!.checkpoint.channel_versions.extra = 1;
      const again = await saver.getTuple(config);
      expect(again?.checkpoint.channel_values.list).toEqual([{ x: 1 }]);
      expect(again?.checkpoint.versions_seen.other).toBeUndefined();
      expect(again?.checkpoint.channel_versions.extra).toBeUndefined();
    });
  });
}
