import { afterEach, describe, expect, it, vi } from "vitest";
import { TtlSweeper } from "./ttl.ts";

describe("TtlSweeper", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("wakes on a write until its owner stops it, and again once they start it", async () => {
    vi.useFakeTimers();
    let sweeps = 0;
    const sweeper = new TtlSweeper(1, () => {
      sweeps++;
    });
    sweeper.wake();
    expect(sweeper.started).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sweeps).toBe(1);

    sweeper.stop();
    sweeper.wake();
    expect(sweeper.started).toBe(false);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(sweeps).toBe(1);

    sweeper.start();
    sweeper.wake();
    expect(sweeper.started).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sweeps).toBe(2);
    sweeper.stop();
  });

  it("never sets a timer without an interval", () => {
    const sweeper = new TtlSweeper(null, () => {});
    sweeper.wake();
    sweeper.start();
    expect(sweeper.started).toBe(false);
  });
});
