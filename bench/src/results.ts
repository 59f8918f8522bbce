import type { LibName } from "./libs/bench-lib.ts";
import type { ChildOutcome } from "./run-child.ts";
import { type AnyScenario, type Better, measuredIn, type Variant } from "./scenario.ts";
import { best, median } from "./stats.ts";

/** Both libraries' outcomes for one scenario variant. */
export interface CaseResult {
  scenario: string;
  variant: Variant;
  sides: Partial<Record<LibName, ChildOutcome>>;
}

/** Median and best of one metric's samples. */
export interface Stat {
  median: number;
  best: number;
  n: number;
}

/** One line of the report: one metric of one scenario variant, both libraries. */
export interface Row {
  scenario: string;
  variant: Variant;
  metric: string;
  label: string;
  unit: string;
  better: Better;
  weft?: Stat;
  peer?: Stat;
  /** How many times faster Weft is (by the medians); > 1 means Weft wins. */
  speedup?: number;
}

/** The samples of a side that succeeded, or undefined for a failed or missing one. */
export function samplesOf(outcome: ChildOutcome | undefined): Record<string, number[]> | undefined {
  return outcome && "samples" in outcome ? outcome.samples : undefined;
}

function statOf(values: number[] | undefined, better: Better): Stat | undefined {
  if (!values?.length) return undefined;
  return { median: median(values), best: best(values, better), n: values.length };
}

/** Turns case results into report rows, one per metric the scenario declares. */
export function buildRows(cases: readonly CaseResult[], scenarios: readonly AnyScenario[]): Row[] {
  return cases.flatMap((result) => {
    const scenario = scenarios.find((s) => s.name === result.scenario);
    const metrics = (scenario?.metrics ?? []).filter((m) => measuredIn(m, result.variant));
    return metrics.map((metric): Row => {
      const weft = statOf(samplesOf(result.sides.weft)?.[metric.key], metric.better);
      const peer = statOf(samplesOf(result.sides.peer)?.[metric.key], metric.better);
      const row: Row = {
        scenario: result.scenario,
        variant: result.variant,
        metric: metric.key,
        label: metric.label,
        unit: metric.unit,
        better: metric.better,
        weft,
        peer,
      };
      if (metric.compare && weft && peer) {
        row.speedup =
          metric.better === "lower" ? peer.median / weft.median : weft.median / peer.median;
      }
      return row;
    });
  });
}
