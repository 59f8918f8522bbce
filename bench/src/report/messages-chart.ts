import type { LibName } from "../libs/bench-lib.ts";
import type { CaseResult } from "../results.ts";
import { type ChartSeries, lineChart } from "./svg-chart.ts";

/** Steps averaged into each plotted point, so single GC pauses do not hide the trend. */
const SMOOTHING = 9;

const COLORS: Record<LibName, readonly string[]> = {
  weft: ["#2563eb", "#0891b2", "#7c3aed"],
  peer: ["#dc2626", "#d97706", "#be185d", "#65a30d"],
};

/** Centered moving average over `window` points (shorter at the ends). */
export function movingAverage(values: readonly number[], window: number): number[] {
  const half = Math.floor(window / 2);
  return values.map((_, i) => {
    const part = values.slice(Math.max(0, i - half), i + half + 1);
    return part.reduce((sum, v) => sum + v, 0) / part.length;
  });
}

function seriesOf(cases: readonly CaseResult[]): ChartSeries[] {
  const used: Record<LibName, number> = { weft: 0, peer: 0 };
  return cases.flatMap((result) =>
    (["weft", "peer"] as const).flatMap((lib): ChartSeries[] => {
      const outcome = result.sides[lib];
      // Weft runs the same messages field in the delta variant: one Weft line per saver.
      if (lib === "weft" && result.variant.messages === "delta") return [];
      if (!outcome || !("series" in outcome) || !outcome.series) return [];
      const color = COLORS[lib][used[lib]++ % COLORS[lib].length] ?? "#111827";
      const smoothed = movingAverage(outcome.series, SMOOTHING);
      return [
        {
          name: `${lib === "weft" ? "Weft" : "peer"} · ${result.variant.label}`,
          color,
          dashed: result.variant.messages === "delta",
          points: smoothed.map((y, i) => ({ x: i + 1, y })),
        },
      ];
    }),
  );
}

/**
 * The chart of `messages_loop`: cost of one step against the number of messages already
 * in the thread, Weft vs peer. Undefined when the run had no messages_loop series.
 */
export function messagesChart(cases: readonly CaseResult[]): string | undefined {
  const series = seriesOf(cases.filter((c) => c.scenario === "messages_loop"));
  if (series.length === 0) return undefined;
  return lineChart({
    title: "messages_loop: cost of one step as the conversation grows",
    subtitle: `median over the measured runs, moving average of ${SMOOTHING} steps`,
    xLabel: "messages in the thread",
    yLabel: "ms per step",
    series,
  });
}
