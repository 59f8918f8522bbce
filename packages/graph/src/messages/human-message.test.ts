import { describe, expect, it } from "vitest";
import { HumanMessage } from "./human-message.ts";

describe("HumanMessage", () => {
  it("is a human message", () => {
    const m = new HumanMessage({ content: "Hello!", name: "alice", id: "msg_123" });
    expect(m.type).toBe("human");
    expect(m.toJSON()).toMatchObject({
      type: "human",
      content: "Hello!",
      name: "alice",
      id: "msg_123",
    });
  });
});
