import { describe, expect, it } from "vitest";
import { LastValueAfterFinish } from "./last-value-after-finish.ts";

describe("LastValueAfterFinish", () => {
  it("starts empty and does not finish without a value", () => {
    const channel = new LastValueAfterFinish<string>().fromCheckpoint();
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    expect(channel.finish()).toBe(false);
    expect(channel.consume()).toBe(false);
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("hides a written value until finish, keeping the last of several writes", () => {
    const channel = new LastValueAfterFinish<string>().fromCheckpoint();
    expect(channel.update(["a", "b"])).toBe(true);
    expect(channel.isAvailable()).toBe(false);
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
    expect(channel.finish()).toBe(true);
    expect(channel.finish()).toBe(false);
    expect(channel.isAvailable()).toBe(true);
    expect(channel.get()).toBe("b");
  });

  it("ignores steps without writes", () => {
    const channel = new LastValueAfterFinish<string>().fromCheckpoint();
    channel.update(["a"]);
    channel.finish();
    expect(channel.update([])).toBe(false);
    expect(channel.get()).toBe("a");
  });

  it("waits for a new finish after a new write", () => {
    const channel = new LastValueAfterFinish<string>().fromCheckpoint();
    channel.update(["a"]);
    channel.finish();
    channel.update(["b"]);
    expect(channel.isAvailable()).toBe(false);
    channel.finish();
    expect(channel.get()).toBe("b");
  });

  it("empties on consume, only once finished", () => {
    const channel = new LastValueAfterFinish<string>().fromCheckpoint();
    channel.update(["a"]);
    expect(channel.consume()).toBe(false);
    channel.finish();
    expect(channel.consume()).toBe(true);
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    expect(channel.finish()).toBe(false);
  });

  it("round-trips value and finished flag", () => {
    const channel = new LastValueAfterFinish<string>().fromCheckpoint();
    channel.update(["a"]);
    const pending = channel.fromCheckpoint(channel.checkpoint());
    expect(pending.checkpoint()).toEqual({ value: "a", finished: false });
    expect(pending.isAvailable()).toBe(false);
    channel.finish();
    const done = channel.fromCheckpoint(channel.checkpoint());
    expect(done.get()).toBe("a");
    done.consume();
    expect(channel.get()).toBe("a");
  });
});
