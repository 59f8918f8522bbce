import { emptyCheckpoint, uuid6 } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { collect, ids, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

/** Many writers at once on one thread: nothing lost, order by id, not by arrival. */
export function concurrencyCases(ctx: SaverSuiteContext): void {
  describe("concurrent writers", () => {
    it("keeps every checkpoint and write of parallel puts on one thread, ordered by id", async () => {
      const saver = await ctx.saver();
      const root = await new Timeline(saver, "t").next({ n: -1 });
      const count = 40;
      const planned = Array.from({ length: count }, (_, i) => ({ i, id: uuid6(i) }));
      // Arrive in a scrambled order; each put is followed by its own writes.
      const scrambled = planned.map((_, k) => planned[(k * 17) % count]!);
      await Promise.all(
        scrambled.map(async ({ i, id }) => {
          const config = await saver.put(
            root,
            {
              ...emptyCheckpoint(),
              id,
              channel_values: { n: i },
              channel_versions: { n: i + 2 },
            },
            { source: "loop", step: i, parents: {} },
            { n: i + 2 },
          );
          await saver.putWrites(config, [["n", `write ${i}`]], `task-${i}`);
        }),
      );
      const listed = await collect(saver.list(threadConfig("t")));
      const expected = [...planned.map((p) => p.id), root.configurable!.checkpoint_id!]
        .sort()
        .reverse();
      expect(ids(listed)).toEqual(expected);
      for (const { i, id } of planned) {
        const tuple = listed.find((t) => t.checkpoint.id === id);
        expect(tuple?.checkpoint.channel_values).toEqual({ n: i });
        expect(tuple?.pendingWrites).toEqual([[`task-${i}`, "n", `write ${i}`]]);
      }
      expect((await saver.getTuple(threadConfig("t")))?.checkpoint.id).toBe(expected[0]);
    });

    it("keeps every write of many tasks writing to one checkpoint at once", async () => {
      const saver = await ctx.saver();
      const config = await new Timeline(saver, "t").next({ n: 0 });
      const tasks = Array.from({ length: 50 }, (_, i) => `task-${i}`);
      await Promise.all(
        tasks.map((task) =>
          saver.putWrites(
            config,
            [
              ["a", `${task}/a`],
              ["b", `${task}/b`],
              ["a", `${task}/a2`],
            ],
            task,
          ),
        ),
      );
      const writes = (await saver.getTuple(config))?.pendingWrites ?? [];
      expect(writes).toHaveLength(150);
      for (const task of tasks) {
        expect(writes.filter(([t]) => t === task).map(([, , v]) => v)).toEqual([
          `${task}/a`,
          `${task}/b`,
          `${task}/a2`,
        ]);
      }
    });

    it("runs timelines of many threads in parallel without crosstalk", async () => {
      const saver = await ctx.saver();
      const threads = Array.from({ length: 20 }, (_, i) => new Timeline(saver, `thread-${i}`));
      await Promise.all(
        threads.map(async (timeline, i) => {
          for (let step = 0; step < 5; step++) {
            const config = await timeline.next({ owner: i, step });
            await saver.putWrites(config, [["step", step]], `task-${i}`);
          }
        }),
      );
      for (const [i, timeline] of threads.entries()) {
        const history = await collect(saver.list(threadConfig(`thread-${i}`)));
        expect(ids(history)).toEqual(timeline.saved.map((s) => s.checkpoint.id).reverse());
        expect(history[0]?.checkpoint.channel_values).toEqual({ owner: i, step: 4 });
        expect(history[0]?.pendingWrites).toEqual([[`task-${i}`, "step", 4]]);
      }
    });
  });
}
