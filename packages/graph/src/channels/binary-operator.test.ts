import { describe, expect, it } from "vitest";
import { BinaryOperatorAggregate } from "./binary-operator.ts";
import { Overwrite } from "./overwrite.ts";

const concat = (a: string[], b: string[]) => a.concat(b);
const sum = (a: number, b: number) => a + b;

describe("BinaryOperatorAggregate", () => {
  it("is empty without a factory, and takes the first write as is", () => {
    const channel = new BinaryOperatorAggregate(sum).fromCheckpoint();
    expect(channel.isAvailable()).toBe(false);
    expect(channel.checkpoint()).toBeUndefined();
    expect(() => channel.get()).toThrow(expect.objectContaining({ code: "EMPTY_CHANNEL" }));
    expect(channel.update([5, 2])).toBe(true);
    expect(channel.get()).toBe(7);
  });

  it("is available from the start with a factory, fresh for every channel", () => {
    const prototype = new BinaryOperatorAggregate(concat, () => []);
    const first = prototype.fromCheckpoint();
    const second = prototype.fromCheckpoint();
    expect(first.isAvailable()).toBe(true);
    expect(first.get()).toEqual([]);
    first.update([["a"]]);
    expect(second.get()).toEqual([]);
  });

  it("applies every write of a step in order", () => {
    const channel = new BinaryOperatorAggregate(concat, () => ["start"]).fromCheckpoint();
    expect(channel.update([["a"], ["b", "c"]])).toBe(true);
    expect(channel.update([["d"]])).toBe(true);
    expect(channel.get()).toEqual(["start", "a", "b", "c", "d"]);
  });

  it("reports no change for a step without writes", () => {
    const channel = new BinaryOperatorAggregate(sum, () => 1).fromCheckpoint();
    expect(channel.update([])).toBe(false);
    expect(channel.get()).toBe(1);
  });

  it("replaces the value with an Overwrite instance or plain object", () => {
    const channel = new BinaryOperatorAggregate(concat, () => ["old"]).fromCheckpoint();
    channel.update([new Overwrite(["new"])]);
    expect(channel.get()).toEqual(["new"]);
    channel.update([{ __overwrite__: ["plain"] }]);
    expect(channel.get()).toEqual(["plain"]);
  });

  it("lets an Overwrite win over the other writes of its step", () => {
    const channel = new BinaryOperatorAggregate(concat, () => ["old"]).fromCheckpoint();
    channel.update([["before"], new Overwrite(["reset"]), ["after"]]);
    expect(channel.get()).toEqual(["reset"]);
    channel.update([["next"]]);
    expect(channel.get()).toEqual(["reset", "next"]);
  });

  it("accepts an Overwrite into an empty channel", () => {
    const channel = new BinaryOperatorAggregate(sum).fromCheckpoint();
    channel.update([new Overwrite(4), 1]);
    expect(channel.get()).toBe(4);
  });

  it("rejects two Overwrites in one step", () => {
    const channel = new BinaryOperatorAggregate(sum, () => 0).fromCheckpoint();
    expect(() => channel.update([new Overwrite(1), { __overwrite__: 2 }])).toThrow(
      expect.objectContaining({
        code: "INVALID_CONCURRENT_GRAPH_UPDATE",
        message: expect.stringContaining("only one Overwrite per step"),
      }),
    );
    expect(channel.get()).toBe(0);
  });

  it("round-trips through its checkpoint, keeping reducer and factory", () => {
    const channel = new BinaryOperatorAggregate(concat, () => []).fromCheckpoint();
    channel.update([["a"]]);
    const copy = channel.fromCheckpoint(channel.checkpoint());
    copy.update([["b"]]);
    expect(copy.get()).toEqual(["a", "b"]);
    expect(channel.get()).toEqual(["a"]);
    expect(copy.fromCheckpoint().get()).toEqual([]);
  });
});
