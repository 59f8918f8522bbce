import { describe, expect, it } from "vitest";
import { Topic } from "./topic.ts";

describe("Topic", () => {
  it("starts empty", () => {
    const topic = new Topic<string>().fromCheckpoint();
    expect(topic.isAvailable()).toBe(false);
    expect(topic.checkpoint()).toBeUndefined();
    expect(topic.update([])).toBe(false);
    expect(() => topic.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
  });

  it("flattens array writes one level", () => {
    const topic = new Topic<string | string[]>().fromCheckpoint();
    expect(topic.update(["a", ["b", "c"], [["nested"]]])).toBe(true);
    expect(topic.get()).toEqual(["a", "b", "c", ["nested"]]);
  });

  it("replaces its list every step without accumulate, and an empty step clears it", () => {
    const topic = new Topic<string>().fromCheckpoint();
    topic.update(["a"]);
    expect(topic.update(["b"])).toBe(true);
    expect(topic.get()).toEqual(["b"]);
    expect(topic.update([])).toBe(true);
    expect(topic.isAvailable()).toBe(false);
    expect(topic.update([])).toBe(false);
  });

  it("extends its list with accumulate, and keeps it through empty steps", () => {
    const topic = new Topic<string>({ accumulate: true }).fromCheckpoint();
    topic.update(["a"]);
    expect(topic.update(["b", "c"])).toBe(true);
    expect(topic.update([])).toBe(false);
    expect(topic.get()).toEqual(["a", "b", "c"]);
  });

  it("drops repeated values with unique, across steps", () => {
    const topic = new Topic<string>({ unique: true }).fromCheckpoint();
    expect(topic.update(["a", "a", "b"])).toBe(true);
    expect(topic.get()).toEqual(["a", "b"]);
    expect(topic.update(["a"])).toBe(true); // cleared the old list, added nothing
    expect(topic.isAvailable()).toBe(false);
    expect(topic.update(["a"])).toBe(false);
    expect(topic.update(["c"])).toBe(true);
    expect(topic.get()).toEqual(["c"]);
  });

  it("reports no change when accumulate and unique add nothing new", () => {
    const topic = new Topic<number>({ accumulate: true, unique: true }).fromCheckpoint();
    topic.update([1, 2]);
    expect(topic.update([[1, 2]])).toBe(false);
    expect(topic.get()).toEqual([1, 2]);
  });

  it("never mutates an array it handed out", () => {
    const topic = new Topic<string>({ accumulate: true }).fromCheckpoint();
    topic.update(["a"]);
    const read = topic.get();
    const saved = topic.checkpoint();
    topic.update(["b"]);
    expect(read).toEqual(["a"]);
    expect(saved).toEqual(["a"]);
    expect(topic.get()).toEqual(["a", "b"]);
  });

  it("round-trips into an independent channel with the same options", () => {
    const topic = new Topic<string>({ accumulate: true }).fromCheckpoint();
    topic.update(["a"]);
    const copy = topic.fromCheckpoint(topic.checkpoint());
    copy.update(["b"]);
    expect(copy.get()).toEqual(["a", "b"]);
    expect(copy.accumulate).toBe(true);
    expect(topic.get()).toEqual(["a"]);
    topic.update(["c"]);
    expect(copy.get()).toEqual(["a", "b"]);
  });

  it("persists what a unique topic has seen even after its list was cleared", () => {
    const topic = new Topic<string>({ unique: true }).fromCheckpoint();
    topic.update(["a"]);
    topic.update([]);
    const snapshot = topic.checkpoint();
    expect(snapshot).toEqual({ values: [], seen: ["a"] });
    const copy = topic.fromCheckpoint(snapshot);
    expect(copy.isAvailable()).toBe(false);
    expect(copy.update(["a"])).toBe(false);
  });

  it("rebuilds the seen set of an accumulating unique topic from its values", () => {
    const topic = new Topic<string>({ accumulate: true, unique: true }).fromCheckpoint();
    topic.update(["a", "b"]);
    const snapshot = topic.checkpoint();
    expect(snapshot).toEqual(["a", "b"]);
    const copy = topic.fromCheckpoint(snapshot);
    expect(copy.update(["b", "c"])).toBe(true);
    expect(copy.get()).toEqual(["a", "b", "c"]);
  });
});
