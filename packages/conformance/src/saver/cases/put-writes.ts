import { ERROR, INTERRUPT, RESUME, SCHEDULED, TASKS } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { collect, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

/** Pending writes: attachment, idempotency, special channels, order. */
export function putWritesCases(ctx: SaverSuiteContext): void {
  describe("putWrites", () => {
    async function oneCheckpoint() {
      const saver = await ctx.saver();
      const timeline = new Timeline(saver, "t");
      const config = await timeline.next({ a: 0 });
      return { saver, timeline, config };
    }

    it("attaches writes to the checkpoint as [taskId, channel, value]", async () => {
      const { saver, config } = await oneCheckpoint();
      const send = { node: "worker", args: { item: 1 } };
      await saver.putWrites(
        config,
        [
          ["a", 1],
          ["b", { nested: [new Date(0)] }],
          [TASKS, send],
        ],
        "task-1",
      );
      await saver.putWrites(config, [["a", 2]], "task-2");
      const writes = (await saver.getTuple(config))?.pendingWrites ?? [];
      expect(writes).toHaveLength(4);
      expect(writes).toEqual(
        expect.arrayContaining([
          ["task-1", "a", 1],
          ["task-1", "b", { nested: [new Date(0)] }],
          ["task-1", TASKS, send],
          ["task-2", "a", 2],
        ]),
      );
    });

    it("returns writes in a stable order, each task's writes in their given order", async () => {
      const { saver, config } = await oneCheckpoint();
      for (const task of ["t-c", "t-a", "t-b"]) {
        await saver.putWrites(
          config,
          [0, 1, 2, 3].map((i) => [`ch${(i * 7) % 4}`, `${task}/${i}`] as [string, unknown]),
          task,
        );
      }
      const first = (await saver.getTuple(config))?.pendingWrites ?? [];
      expect(first).toHaveLength(12);
      expect((await saver.getTuple(config))?.pendingWrites).toEqual(first);
      expect((await collect(saver.list(config)))[0]?.pendingWrites).toEqual(first);
      for (const task of ["t-a", "t-b", "t-c"]) {
        const values = first.filter(([taskId]) => taskId === task).map(([, , value]) => value);
        expect(values).toEqual([0, 1, 2, 3].map((i) => `${task}/${i}`));
      }
    });

    it("is idempotent for the same task and index: the first write wins", async () => {
      const { saver, config } = await oneCheckpoint();
      await saver.putWrites(config, [["a", "first"]], "task");
      await saver.putWrites(
        config,
        [
          ["a", "second"],
          ["b", "appended"],
        ],
        "task",
      );
      await saver.putWrites(config, [["a", "other task"]], "task-2");
      const writes = (await saver.getTuple(config))?.pendingWrites ?? [];
      expect(writes).toHaveLength(3);
      expect(writes).toEqual(
        expect.arrayContaining([
          ["task", "a", "first"],
          ["task", "b", "appended"],
          ["task-2", "a", "other task"],
        ]),
      );
    });

    it("overwrites the special channels (error, interrupt, scheduled, resume) on retry", async () => {
      const { saver, config } = await oneCheckpoint();
      for (const attempt of [1, 2, 3]) {
        await saver.putWrites(config, [[ERROR, { message: `attempt ${attempt}` }]], "task");
      }
      await saver.putWrites(config, [[INTERRUPT, [{ value: "ask 1", id: "i1" }]]], "task");
      await saver.putWrites(config, [[INTERRUPT, [{ value: "ask 2", id: "i2" }]]], "task");
      await saver.putWrites(config, [[SCHEDULED, 1]], "task");
      await saver.putWrites(config, [[SCHEDULED, 2]], "task");
      await saver.putWrites(config, [[RESUME, ["yes"]]], "task");
      await saver.putWrites(config, [[RESUME, ["no"]]], "task");
      const writes = (await saver.getTuple(config))?.pendingWrites ?? [];
      expect(writes).toHaveLength(4);
      expect(writes).toEqual(
        expect.arrayContaining([
          ["task", ERROR, { message: "attempt 3" }],
          ["task", INTERRUPT, [{ value: "ask 2", id: "i2" }]],
          ["task", SCHEDULED, 2],
          ["task", RESUME, ["no"]],
        ]),
      );
    });

    it("keeps an interrupt beside the writes of the tasks that finished", async () => {
      const { saver, config } = await oneCheckpoint();
      await saver.putWrites(config, [["a", "done"]], "finished-task");
      await saver.putWrites(config, [[INTERRUPT, [{ value: "approve?", id: "i" }]]], "paused-task");
      const writes = (await saver.getTuple(threadConfig("t")))?.pendingWrites ?? [];
      expect(writes).toEqual(
        expect.arrayContaining([
          ["finished-task", "a", "done"],
          ["paused-task", INTERRUPT, [{ value: "approve?", id: "i" }]],
        ]),
      );
    });

    it("keeps writes with their own checkpoint", async () => {
      const { saver, timeline, config: first } = await oneCheckpoint();
      await saver.putWrites(first, [["a", "for first"]], "task");
      const second = await timeline.next({ a: 1 });
      await saver.putWrites(second, [["a", "for second"]], "task");
      expect((await saver.getTuple(first))?.pendingWrites).toEqual([["task", "a", "for first"]]);
      expect((await saver.getTuple(second))?.pendingWrites).toEqual([["task", "a", "for second"]]);
    });

    it("accepts an empty list of writes", async () => {
      const { saver, config } = await oneCheckpoint();
      await saver.putWrites(config, [], "task");
      expect((await saver.getTuple(config))?.pendingWrites ?? []).toEqual([]);
    });
  });
}
