import { describe, expect, it } from "vitest";
import { NamedBarrierValueAfterFinish } from "./named-barrier-value-after-finish.ts";

const barrier = () => new NamedBarrierValueAfterFinish(new Set(["a", "b"])).fromCheckpoint();

describe("NamedBarrierValueAfterFinish", () => {
  it("starts waiting and does not finish while names are missing", () => {
    const channel = barrier();
    expect(channel.checkpoint()).toBeUndefined();
    channel.update(["a"]);
    expect(channel.finish()).toBe(false);
    expect(channel.isAvailable()).toBe(false);
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("becomes available only after all names and finish", () => {
    const channel = barrier();
    expect(channel.update(["a", "b"])).toBe(true);
    expect(channel.isAvailable()).toBe(false);
    expect(channel.consume()).toBe(false);
    expect(channel.finish()).toBe(true);
    expect(channel.finish()).toBe(false);
    expect(channel.isAvailable()).toBe(true);
    expect(channel.get()).toBeUndefined();
  });

  it("rejects a name it does not wait for", () => {
    expect(() => barrier().update(["z"])).toThrow(
      expect.objectContaining({ code: "INVALID_GRAPH_NODE_RETURN_VALUE" }),
    );
  });

  it("resets names and finish on consume", () => {
    const channel = barrier();
    channel.update(["a", "b"]);
    channel.finish();
    expect(channel.consume()).toBe(true);
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    channel.update(["a", "b"]);
    expect(channel.isAvailable()).toBe(false);
  });

  it("round-trips names seen and the finished flag", () => {
    const channel = barrier();
    channel.update(["a", "b"]);
    channel.finish();
    const snapshot = channel.checkpoint();
    expect(snapshot).toEqual({ seen: ["a", "b"], finished: true });
    const copy = channel.fromCheckpoint(snapshot);
    expect(copy.isAvailable()).toBe(true);
    copy.consume();
    expect(channel.isAvailable()).toBe(true);
  });
});
