import { describe, expect, it } from "vitest";
import { lineChart, niceTicks } from "./svg-chart.ts";

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten and reaches the maximum", () => {
    expect(niceTicks(500)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(3.2)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });
});

describe("lineChart", () => {
  it("draws one line and one legend entry per series, escaping text", () => {
    const svg = lineChart({
      title: "a < b",
      xLabel: "x",
      yLabel: "y",
      series: [
        {
          name: "Weft",
          color: "#00f",
          points: [
            { x: 1, y: 1 },
            { x: 2, y: 2 },
          ],
        },
        { name: "peer & co", color: "#f00", dashed: true, points: [{ x: 1, y: 3 }] },
      ],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain("a &lt; b");
    expect(svg).toContain("peer &amp; co");
    expect(svg).toContain('stroke-dasharray="6 4" points=');
  });
});
