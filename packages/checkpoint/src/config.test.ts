import { describe, expect, it } from "vitest";
import { checkpointAddress, checkpointConfig, getCheckpointId } from "./config.ts";
import { WeftError } from "./errors.ts";

describe("checkpointAddress", () => {
  it("reads thread, namespace (default empty) and checkpoint id", () => {
    expect(checkpointAddress({ configurable: { thread_id: "t" } }, "put")).toEqual({
      threadId: "t",
      checkpointNs: "",
      checkpointId: undefined,
    });
    expect(
      checkpointAddress(
        { configurable: { thread_id: "t", checkpoint_ns: "sub", checkpoint_id: "c" } },
        "put",
      ),
    ).toEqual({ threadId: "t", checkpointNs: "sub", checkpointId: "c" });
  });

  it("throws INVALID_CONFIG naming the operation when thread_id is missing", () => {
    let caught: unknown;
    try {
      checkpointAddress({}, "getTuple");
    } catch (error) {
      caught = error;
    }
    expect(WeftError.hasCode(caught, "INVALID_CONFIG")).toBe(true);
    expect((caught as Error).message).toContain("getTuple");
    expect((caught as Error).message).toContain("thread_id");
  });

  it("rejects a thread_id that is not a non-empty string", () => {
    expect(() => checkpointAddress({ configurable: { thread_id: "" } }, "put")).toThrow(
      /thread_id/,
    );
    expect(() =>
      checkpointAddress({ configurable: { thread_id: 1 as unknown as string } }, "put"),
    ).toThrow(/got 1/);
  });
});

describe("getCheckpointId", () => {
  it("treats an empty id as none", () => {
    expect(getCheckpointId({ configurable: { checkpoint_id: "" } })).toBeUndefined();
    expect(getCheckpointId({ configurable: { checkpoint_id: "x" } })).toBe("x");
    expect(getCheckpointId({})).toBeUndefined();
  });
});

describe("checkpointConfig", () => {
  it("names one checkpoint", () => {
    expect(checkpointConfig("t", "", "c")).toEqual({
      configurable: { thread_id: "t", checkpoint_ns: "", checkpoint_id: "c" },
    });
  });
});
