import { describe, expect, it } from "vitest";
import { AnyValue } from "./any-value.ts";

describe("AnyValue", () => {
  it("starts empty", () => {
    const channel = new AnyValue<number>().fromCheckpoint();
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    expect(channel.update([])).toBe(false);
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("accepts several writes in one step and keeps the last", () => {
    const channel = new AnyValue<number>().fromCheckpoint();
    expect(channel.update([1, 2, 3])).toBe(true);
    expect(channel.get()).toBe(3);
  });

  it("clears on a step without writes", () => {
    const channel = new AnyValue<number>().fromCheckpoint(7);
    expect(channel.update([])).toBe(true);
    expect(channel.isAvailable()).toBe(false);
  });

  it("round-trips through its checkpoint", () => {
    const channel = new AnyValue<number>().fromCheckpoint();
    channel.update([4]);
    const copy = channel.fromCheckpoint(channel.checkpoint());
    expect(copy.get()).toBe(4);
    copy.update([]);
    expect(channel.get()).toBe(4);
  });
});
