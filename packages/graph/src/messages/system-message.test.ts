import { describe, expect, it } from "vitest";
import { SystemMessage } from "./system-message.ts";

describe("SystemMessage", () => {
  it("is a system message", () => {
    const m = new SystemMessage("You are a helpful assistant.");
    expect(m.type).toBe("system");
    expect(m.text).toBe("You are a helpful assistant.");
    expect(SystemMessage.isInstance(m)).toBe(true);
  });
});
