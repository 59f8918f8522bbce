import { RemoveMessage as CoreRemoveMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { RemoveMessage } from "./remove-message.ts";

describe("RemoveMessage", () => {
  it("carries only the id to remove", () => {
    const m = new RemoveMessage({ id: "m1" });
    expect([m.type, m.id, m.content]).toEqual(["remove", "m1", []]);
  });

  it("recognizes core remove messages", () => {
    expect(RemoveMessage.isInstance(new CoreRemoveMessage({ id: "x" }))).toBe(true);
    expect(RemoveMessage.isInstance({ type: "remove", id: "x" })).toBe(false);
  });
});
