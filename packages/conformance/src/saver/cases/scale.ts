import { describe, expect, it } from "vitest";
import { collect, inBatches, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

const MB = 1024 * 1024;

/** A string of `length` characters, mostly ASCII with some multi-byte characters. */
function bigText(length: number): string {
  const unit = "The quick brown fox jumps over the lazy dog — ✓ 0123456789 ";
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** `length` bytes of deterministic noise (no long runs that compress away). */
function bigBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Big values and many threads. */
export function scaleCases(ctx: SaverSuiteContext): void {
  describe("scale", () => {
    it(
      "round-trips 10 MB values in checkpoints and writes",
      async () => {
        const saver = await ctx.saver();
        const text = bigText(10 * MB);
        const bytes = bigBytes(10 * MB);
        const timeline = new Timeline(saver, "big");
        const first = await timeline.next({ text, bytes, small: 0 });
        // The next checkpoint reuses both big values (not in newVersions).
        const second = await timeline.next({ small: 1 });
        await saver.putWrites(second, [["text", text]], "task");
        for (const config of [first, second]) {
          const values = (await saver.getTuple(config))?.checkpoint.channel_values;
          expect((values?.text as string | undefined)?.length).toBe(text.length);
          expect(values?.text === text).toBe(true);
          expect(values?.bytes).toBeInstanceOf(Uint8Array);
          expect(sameBytes(values?.bytes as Uint8Array, bytes)).toBe(true);
        }
        const write = (await saver.getTuple(second))?.pendingWrites?.[0];
        expect(write?.[2] === text).toBe(true);
      },
      ctx.slowTimeout,
    );

    it(
      "holds 1,000 threads, each readable, listed together, deleted one at a time",
      async () => {
        const saver = await ctx.saver();
        const threadIds = Array.from({ length: 1000 }, (_, i) => `thread-${i}`);
        const latest = new Map<string, string>();
        await inBatches(threadIds, 25, async (threadId, i) => {
          const timeline = new Timeline(saver, threadId);
          await timeline.next({ owner: threadId, i });
          const config = await timeline.next({ i: i + 1 });
          await saver.putWrites(config, [["i", i]], "task");
          latest.set(threadId, timeline.last.checkpoint.id);
        });
        await inBatches(threadIds, 25, async (threadId, i) => {
          const tuple = await saver.getTuple(threadConfig(threadId));
          expect(tuple?.checkpoint.id).toBe(latest.get(threadId));
          expect(tuple?.checkpoint.channel_values).toEqual({ owner: threadId, i: i + 1 });
          expect(tuple?.pendingWrites).toEqual([["task", "i", i]]);
        });
        const everything = await collect(saver.list({}));
        expect(everything).toHaveLength(2000);
        const newestFirst = everything.map((t) => t.checkpoint.id);
        expect(newestFirst).toEqual([...newestFirst].sort().reverse());
        expect(await collect(saver.list({}, { limit: 10 }))).toHaveLength(10);
        await saver.deleteThread("thread-500");
        expect(await saver.getTuple(threadConfig("thread-500"))).toBeUndefined();
        expect(await collect(saver.list({}))).toHaveLength(1998);
        expect((await saver.getTuple(threadConfig("thread-501")))?.checkpoint.id).toBe(
          latest.get("thread-501"),
        );
      },
      ctx.slowTimeout,
    );
  });
}
