import { type BaseCheckpointSaver, emptyCheckpoint, WeftError } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { failureOf, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

async function expectInvalidConfig(call: () => unknown): Promise<void> {
  const error = await failureOf(call);
  expect(
    WeftError.hasCode(error, "INVALID_CONFIG"),
    `expected INVALID_CONFIG, got ${String(error)}`,
  ).toBe(true);
}

/** Unusable calls fail with `INVALID_CONFIG`, never with a driver error or silence. */
export function badConfigCases(ctx: SaverSuiteContext): void {
  describe("bad config", () => {
    const metadata = { source: "loop" as const, step: 0, parents: {} };
    const missingThread = (saver: BaseCheckpointSaver) => [
      () => saver.getTuple({}),
      () => saver.getTuple({ configurable: {} }),
      () => saver.getTuple(threadConfig("")),
      () => saver.put({}, emptyCheckpoint(), metadata, {}),
      () => saver.put({ configurable: { checkpoint_ns: "" } }, emptyCheckpoint(), metadata, {}),
      () => saver.putWrites({ configurable: { checkpoint_id: "c" } }, [["a", 1]], "task"),
    ];

    it("rejects a missing or empty thread_id with INVALID_CONFIG", async () => {
      const saver = await ctx.saver();
      for (const call of missingThread(saver)) await expectInvalidConfig(call);
    });

    it("rejects putWrites without a checkpoint_id with INVALID_CONFIG", async () => {
      const saver = await ctx.saver();
      await new Timeline(saver, "t").next({ a: 1 });
      await expectInvalidConfig(() => saver.putWrites(threadConfig("t"), [["a", 1]], "task"));
    });

    it("rejects bad prune options with INVALID_CONFIG", async () => {
      const saver = await ctx.saver();
      await new Timeline(saver, "t").next({ a: 1 });
      await expectInvalidConfig(() => saver.prune(undefined, { keepLast: -1 }));
      await expectInvalidConfig(() => saver.prune(undefined, { keepLast: 2.5 }));
      await expectInvalidConfig(() => saver.prune(undefined, { olderThan: Number.NaN }));
      await expectInvalidConfig(() => saver.prune(undefined, { olderThan: new Date("invalid") }));
      await expectInvalidConfig(() => saver.prune([""]));
    });
  });
}
