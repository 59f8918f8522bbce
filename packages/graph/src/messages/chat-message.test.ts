import { describe, expect, it } from "vitest";
import { ChatMessage } from "./chat-message.ts";

describe("ChatMessage", () => {
  it("takes the role positionally or in the fields", () => {
    expect(new ChatMessage("look", "reviewer").role).toBe("reviewer");
    const m = new ChatMessage({ content: "look", role: "reviewer", id: "c1" });
    expect([m.type, m.role, m.id]).toEqual(["generic", "reviewer", "c1"]);
  });

  it("keeps its role in plain data", () => {
    expect(new ChatMessage("look", "reviewer").toJSON()).toMatchObject({
      type: "generic",
      role: "reviewer",
    });
  });
});
