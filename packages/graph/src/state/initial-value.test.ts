import { describe, expect, it } from "vitest";
import { LastValue } from "../channels/index.ts";
import { WeftError } from "../errors.ts";
import { withInitialValue } from "./initial-value.ts";

describe("withInitialValue", () => {
  it("gives fresh instances the default value", () => {
    const channel = withInitialValue(new LastValue<number>(), () => 7).fromCheckpoint();
    expect(channel.isAvailable()).toBe(true);
    expect(channel.get()).toBe(7);
    expect(channel.checkpoint()).toBe(7);
  });

  it("restores a saved value instead of the default", () => {
    const channel = withInitialValue(new LastValue<number>(), () => 7).fromCheckpoint(42);
    expect(channel.get()).toBe(42);
  });

  it("calls the factory for each fresh instance", () => {
    const prototype = withInitialValue(new LastValue<string[]>(), () => []);
    const a = prototype.fromCheckpoint();
    const b = prototype.fromCheckpoint();
    expect(a.get()).not.toBe(b.get());
  });

  it("keeps last-value rules: one write replaces, two writes in a step fail", () => {
    const channel = withInitialValue(new LastValue<number>(), () => 0).fromCheckpoint();
    expect(channel.update([5])).toBe(true);
    expect(channel.get()).toBe(5);
    expect(() => channel.update([1, 2])).toThrow(
      expect.objectContaining({ code: "INVALID_CONCURRENT_GRAPH_UPDATE" }),
    );
  });

  it("answers like a fresh instance when used directly", () => {
    const prototype = withInitialValue(new LastValue<number>(), () => 3);
    expect(prototype.kind).toBe(new LastValue().kind);
    expect(prototype.get()).toBe(3);
    expect(prototype.isAvailable()).toBe(true);
    expect(() => prototype.update([1, 2])).toThrow(WeftError);
  });
});
