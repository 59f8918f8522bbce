import { describe, expect, it } from "vitest";
import { UntrackedValue } from "./untracked-value.ts";

describe("UntrackedValue", () => {
  it("starts empty without a factory", () => {
    const channel = new UntrackedValue<string>().fromCheckpoint();
    expect(channel.isAvailable()).toBe(false);
    expect(channel.guard).toBe(true);
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("starts every fresh channel from a new factory value", () => {
    const prototype = new UntrackedValue({ initialValueFactory: () => [] as string[] });
    const first = prototype.fromCheckpoint();
    first.get().push("x");
    expect(prototype.fromCheckpoint().get()).toEqual([]);
  });

  it("keeps the value of a step and ignores steps without writes", () => {
    const channel = new UntrackedValue<string>().fromCheckpoint();
    expect(channel.update(["a"])).toBe(true);
    expect(channel.update([])).toBe(false);
    expect(channel.get()).toBe("a");
  });

  it("rejects several writes in a step when guarded, keeps the last otherwise", () => {
    const guarded = new UntrackedValue<string>().fromCheckpoint();
    expect(() => guarded.update(["a", "b"])).toThrow(
      expect.objectContaining({ code: "INVALID_CONCURRENT_GRAPH_UPDATE" }),
    );
    const loose = new UntrackedValue<string>({ guard: false }).fromCheckpoint();
    expect(loose.update(["a", "b"])).toBe(true);
    expect(loose.get()).toBe("b");
  });

  it("is never persisted: a round trip gives a fresh channel of the same configuration", () => {
    const channel = new UntrackedValue({ guard: false, initialValueFactory: () => 0 });
    const live = channel.fromCheckpoint();
    live.update([5]);
    expect(live.checkpoint()).toBeUndefined();
    const copy = live.fromCheckpoint(live.checkpoint());
    expect(copy.get()).toBe(0);
    expect(copy.guard).toBe(false);
  });
});
