import { expect, it } from "vitest";
import { collect, ids, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

const TTL = 1_000;

/** A clock the cases move by hand, so TTL cases never wait. */
class FakeClock {
  time = 1_700_000_000_000;
  readonly now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Per-thread TTL: expiry, refresh on access, sweep, and what an expired thread looks like. */
export function threadTtlCases(ctx: SaverSuiteContext): void {
  async function setup(refreshOnRead?: boolean) {
    const clock = new FakeClock();
    const saver = await ctx.saver({
      threadTtl: refreshOnRead === undefined ? { ttlMs: TTL } : { ttlMs: TTL, refreshOnRead },
      now: clock.now,
    });
    return { clock, saver };
  }

  it("hides a thread nobody touched for ttlMs from every read", async () => {
    const { clock, saver } = await setup();
    const config = await new Timeline(saver, "idle").next({ a: 1 });
    clock.advance(TTL - 1);
    await new Timeline(saver, "busy").next({ a: 1 });
    clock.advance(2);
    expect(await saver.getTuple(config)).toBeUndefined();
    expect(await saver.getTuple(threadConfig("idle"))).toBeUndefined();
    expect(await collect(saver.list(threadConfig("idle")))).toEqual([]);
    expect((await collect(saver.list({}))).map((t) => t.config.configurable?.thread_id)).toEqual([
      "busy",
    ]);
  });

  it("refreshes the TTL on reads by default, and on writes", async () => {
    const { clock, saver } = await setup();
    const config = await new Timeline(saver, "read").next({ a: 1 });
    const written = await new Timeline(saver, "written").next({ a: 1 });
    for (let i = 0; i < 3; i++) {
      clock.advance(TTL - 100);
      expect(await saver.getTuple(threadConfig("read"))).toBeDefined();
      await saver.putWrites(written, [["a", i]], `task-${i}`);
    }
    clock.advance(TTL - 100);
    expect((await collect(saver.list(threadConfig("read")))).length).toBe(1);
    expect((await saver.getTuple(written))?.pendingWrites).toHaveLength(3);
    clock.advance(TTL + 1);
    expect(await saver.getTuple(config)).toBeUndefined();
    expect(await saver.getTuple(written)).toBeUndefined();
  });

  it("with refreshOnRead false, only writes keep a thread alive", async () => {
    const { clock, saver } = await setup(false);
    const read = await new Timeline(saver, "read").next({ a: 1 });
    const writtenTimeline = new Timeline(saver, "written");
    await writtenTimeline.next({ a: 1 });
    clock.advance(TTL - 100);
    expect(await saver.getTuple(read)).toBeDefined();
    await writtenTimeline.next({ a: 2 });
    clock.advance(200);
    expect(await saver.getTuple(read)).toBeUndefined();
    expect((await saver.getTuple(threadConfig("written")))?.checkpoint.channel_values).toEqual({
      a: 2,
    });
  });

  it("does not count a listing of every thread as an access", async () => {
    const { clock, saver } = await setup();
    await new Timeline(saver, "t").next({ a: 1 });
    clock.advance(TTL - 100);
    expect(await collect(saver.list({}))).toHaveLength(1);
    clock.advance(200);
    expect(await collect(saver.list({}))).toEqual([]);
  });

  it("sweep removes the expired threads and reports how many", async () => {
    const { clock, saver } = await setup();
    await new Timeline(saver, "old-1").next({ a: 1 });
    await new Timeline(saver, "old-2", "child:1").next({ a: 1 });
    clock.advance(TTL / 2);
    await new Timeline(saver, "young").next({ a: 1 });
    clock.advance(TTL / 2 + 1);
    expect(await saver.sweep()).toEqual({ threads: 2 });
    expect(await saver.sweep()).toEqual({ threads: 0 });
    expect((await collect(saver.list({}))).map((t) => t.config.configurable?.thread_id)).toEqual([
      "young",
    ]);
    clock.advance(TTL);
    expect(await saver.sweep()).toEqual({ threads: 1 });
    expect(await collect(saver.list({}))).toEqual([]);
  });

  it("starts an expired thread afresh on put and ignores late writes to it", async () => {
    const { clock, saver } = await setup();
    const old = new Timeline(saver, "t");
    const first = await old.next({ a: "old" });
    clock.advance(TTL + 1);
    await saver.putWrites(first, [["a", "late"]], "task");
    expect(await saver.getTuple(threadConfig("t"))).toBeUndefined();
    const fresh = new Timeline(saver, "t");
    await fresh.next({ b: "new" });
    const listed = await collect(saver.list(threadConfig("t")));
    expect(ids(listed)).toEqual([fresh.last.checkpoint.id]);
    expect(listed[0]?.checkpoint.channel_values).toEqual({ b: "new" });
  });
}
