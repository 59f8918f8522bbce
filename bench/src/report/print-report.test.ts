import { describe, expect, it } from "vitest";
import type { CaseResult, Row } from "../results.ts";
import { formatReport } from "./print-report.ts";

describe("formatReport", () => {
  it("shows a side the machine cannot run as n/a, with the reason, not as a failure", () => {
    const variant = {
      id: "redis",
      label: "RedisSaver",
      saver: "redis",
      unavailable: { peer: "needs Redis Stack" },
    };
    const row: Row = {
      scenario: "saver_raw",
      variant,
      metric: "put",
      label: "put × 5,000",
      unit: "ms",
      better: "lower",
      weft: { median: 600, best: 590, n: 3 },
    };
    const result: CaseResult = {
      scenario: "saver_raw",
      variant,
      sides: {
        weft: { samples: { put: [600] }, peakRssMb: 90 },
        peer: { unavailable: "needs Redis Stack" },
      },
    };
    const report = formatReport({ rows: [row], cases: [result], targets: [], memory: [] });
    const line = report.split("\n").find((l) => l.startsWith("saver_raw"));
    expect(line).toMatch(/600 ms\s+590 ms\s+n\/a\s+n\/a/);
    expect(report).toContain(
      "Not run here (no comparison)\n  saver_raw · RedisSaver · peer: needs Redis Stack",
    );
    expect(report).not.toContain("Failed cases");
  });
});
