import { describe, expect, it } from "vitest";
import { WeftError } from "../errors.ts";
import { LastValue } from "./last-value.ts";

describe("LastValue", () => {
  it("starts empty", () => {
    const channel = new LastValue<number>().fromCheckpoint();
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("keeps the single value of a step and reports the change", () => {
    const channel = new LastValue<number>().fromCheckpoint();
    expect(channel.update([1])).toBe(true);
    expect(channel.get()).toBe(1);
    expect(channel.update([2])).toBe(true);
    expect(channel.get()).toBe(2);
  });

  it("keeps its value through a step without writes", () => {
    const channel = new LastValue<string>().fromCheckpoint("kept");
    expect(channel.update([])).toBe(false);
    expect(channel.get()).toBe("kept");
  });

  it("treats a written undefined as a value, but does not persist it", () => {
    const channel = new LastValue<undefined>().fromCheckpoint();
    channel.update([undefined]);
    expect(channel.isAvailable()).toBe(true);
    expect(channel.get()).toBeUndefined();
    expect(channel.checkpoint()).toBeUndefined();
  });

  it("rejects two values in one step, telling to use a reducer", () => {
    const channel = new LastValue<number>().fromCheckpoint(0);
    let error: unknown;
    try {
      channel.update([1, 2]);
    } catch (caught) {
      error = caught;
    }
    expect(WeftError.hasCode(error, "INVALID_CONCURRENT_GRAPH_UPDATE")).toBe(true);
    const { message, details } = error as WeftError;
    expect(message).toMatch(/only one value per step/);
    expect(message).toMatch(/reducer/);
    // No key given: the loop adds it, and `details.channel` being unset tells it to.
    expect(details.channel).toBeUndefined();
    expect(channel.get()).toBe(0);
  });

  it("names its key in the error when given one", () => {
    const channel = new LastValue<number>("count").fromCheckpoint();
    expect(() => channel.update([1, 2])).toThrow(
      expect.objectContaining({
        code: "INVALID_CONCURRENT_GRAPH_UPDATE",
        message: expect.stringContaining('"count"'),
        details: expect.objectContaining({ channel: "count", values: 2 }),
      }),
    );
  });

  it("round-trips through its checkpoint into an independent channel", () => {
    const channel = new LastValue<{ n: number }>("k").fromCheckpoint();
    channel.update([{ n: 1 }]);
    const copy = channel.fromCheckpoint(channel.checkpoint());
    expect(copy.get()).toEqual({ n: 1 });
    expect(copy.key).toBe("k");
    copy.update([{ n: 2 }]);
    expect(channel.get()).toEqual({ n: 1 });
  });

  it("does not change on consume or finish", () => {
    const channel = new LastValue<number>().fromCheckpoint(3);
    expect(channel.consume()).toBe(false);
    expect(channel.finish()).toBe(false);
    expect(channel.get()).toBe(3);
  });
});
