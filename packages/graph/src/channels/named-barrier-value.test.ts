import { describe, expect, it } from "vitest";
import { NamedBarrierValue } from "./named-barrier-value.ts";

const barrier = () => new NamedBarrierValue(new Set(["a", "b"])).fromCheckpoint();

describe("NamedBarrierValue", () => {
  it("starts waiting", () => {
    const channel = barrier();
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    expect(channel.consume()).toBe(false);
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("becomes available once every name was written, across steps", () => {
    const channel = barrier();
    expect(channel.update(["a"])).toBe(true);
    expect(channel.isAvailable()).toBe(false);
    expect(channel.update(["a"])).toBe(false);
    expect(channel.update([])).toBe(false);
    expect(channel.update(["b"])).toBe(true);
    expect(channel.isAvailable()).toBe(true);
    expect(channel.get()).toBeUndefined();
  });

  it("rejects a name it does not wait for", () => {
    expect(() => barrier().update(["c"])).toThrow(
      expect.objectContaining({
        code: "INVALID_GRAPH_NODE_RETURN_VALUE",
        name: "InvalidUpdateError",
      }),
    );
  });

  it("resets on consume only when complete", () => {
    const channel = barrier();
    channel.update(["a"]);
    expect(channel.consume()).toBe(false);
    channel.update(["b"]);
    expect(channel.consume()).toBe(true);
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
  });

  it("round-trips the names seen into an independent channel", () => {
    const channel = barrier();
    channel.update(["a"]);
    const copy = channel.fromCheckpoint(channel.checkpoint());
    expect(copy.checkpoint()).toEqual(["a"]);
    copy.update(["b"]);
    expect(copy.isAvailable()).toBe(true);
    expect(channel.isAvailable()).toBe(false);
  });
});
