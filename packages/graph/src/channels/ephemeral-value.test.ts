import { describe, expect, it } from "vitest";
import { EphemeralValue } from "./ephemeral-value.ts";

describe("EphemeralValue", () => {
  it("starts empty", () => {
    const channel = new EphemeralValue<string>().fromCheckpoint();
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    expect(channel.update([])).toBe(false);
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("holds a value for exactly one step", () => {
    const channel = new EphemeralValue<string>().fromCheckpoint();
    expect(channel.update(["hi"])).toBe(true);
    expect(channel.get()).toBe("hi");
    expect(channel.update([])).toBe(true);
    expect(channel.isAvailable()).toBe(false);
    expect(channel.update([])).toBe(false);
  });

  it("rejects several writes in a step when guarded", () => {
    const channel = new EphemeralValue<string>().fromCheckpoint();
    expect(() => channel.update(["a", "b"])).toThrow(
      expect.objectContaining({ code: "INVALID_CONCURRENT_GRAPH_UPDATE" }),
    );
  });

  it("keeps the last of several writes when not guarded", () => {
    const prototype = new EphemeralValue<string>(false);
    const channel = prototype.fromCheckpoint();
    expect(channel.guard).toBe(false);
    expect(channel.update(["a", "b"])).toBe(true);
    expect(channel.get()).toBe("b");
  });

  it("round-trips through its checkpoint with the same guard", () => {
    const channel = new EphemeralValue<string>(false).fromCheckpoint();
    channel.update(["a"]);
    const copy = channel.fromCheckpoint(channel.checkpoint());
    expect(copy.get()).toBe("a");
    expect(copy.guard).toBe(false);
    copy.update([]);
    expect(channel.get()).toBe("a");
  });
});
