import { describe, expect, it } from "vitest";
import { formatBytes, formatValue } from "./format.ts";

describe("formatValue", () => {
  it("scales byte units to KiB and MiB, keeping the rest of the unit", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(48 * 1024)).toBe("48.0 KiB");
    expect(formatValue(3.5 * 1024 ** 2, "B")).toBe("3.50 MiB");
    expect(formatValue(2048, "B/message")).toBe("2.0 KiB/message");
  });

  it("prints other units after a grouped number", () => {
    expect(formatValue(12_345, "items/s")).toBe("12.3 k items/s");
    expect(formatValue(1.234, "×")).toBe("1.23×");
    expect(formatValue(undefined, "ms")).toBe("failed");
  });
});
