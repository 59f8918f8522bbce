import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_VERSION,
  copyCheckpoint,
  emptyCheckpoint,
  maxChannelVersion,
} from "./checkpoint.ts";

describe("emptyCheckpoint", () => {
  it("has no channels and a fresh time-ordered id", () => {
    const a = emptyCheckpoint();
    const b = emptyCheckpoint();
    expect(a).toMatchObject({
      v: CHECKPOINT_VERSION,
      channel_values: {},
      channel_versions: {},
      versions_seen: {},
    });
    expect(a.id < b.id).toBe(true);
    expect(Number.isNaN(Date.parse(a.ts))).toBe(false);
  });
});

describe("copyCheckpoint", () => {
  it("copies maps so edits to the copy leave the original alone", () => {
    const original = emptyCheckpoint();
    original.channel_values = { a: [1] };
    original.channel_versions = { a: 1 };
    original.versions_seen = { node: { a: 1 } };
    const copy = copyCheckpoint(original);
    copy.channel_values.b = 2;
    copy.channel_versions.a = 2;
    copy.versions_seen.node!.a = 2;
    copy.versions_seen.other = {};
    expect(original.channel_values).toEqual({ a: [1] });
    expect(original.channel_versions).toEqual({ a: 1 });
    expect(original.versions_seen).toEqual({ node: { a: 1 } });
    expect(copy.channel_values.a).toBe(original.channel_values.a);
  });
});

describe("maxChannelVersion", () => {
  it("compares numbers numerically and strings lexically", () => {
    expect(maxChannelVersion(2, 10, 3)).toBe(10);
    expect(maxChannelVersion("00002.5", "00010.1")).toBe("00010.1");
    expect(maxChannelVersion(3, "00010.1")).toBe("00010.1");
    expect(maxChannelVersion()).toBeUndefined();
  });
});
