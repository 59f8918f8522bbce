import type { CaseResult, Row } from "./results.ts";
import type { ChildOutcome } from "./run-child.ts";

/** A goal from the benchmark issue, checked against the rows of one run. */
interface Target {
  /** Short form shown next to the figure, e.g. "≥5×". */
  goal: string;
  scenario: string;
  metric: string;
  /** Which rows of that metric it applies to. */
  appliesTo(row: Row): boolean;
  /** The figure it judges: Weft's speed-up, or Weft's own median. */
  figure(row: Row): number | undefined;
  met(figure: number): boolean;
}

/** The targets that this slice's scenarios can check. */
export const TARGETS: readonly Target[] = [
  {
    goal: "≥5×",
    scenario: "seq_chain",
    metric: "invoke",
    appliesTo: (row) => row.variant.saver === undefined,
    figure: (row) => row.speedup,
    met: (speedup) => speedup >= 5,
  },
  {
    goal: "≥3×",
    scenario: "seq_chain",
    metric: "invoke",
    appliesTo: (row) => row.variant.saver !== undefined,
    figure: (row) => row.speedup,
    met: (speedup) => speedup >= 3,
  },
  {
    goal: "≤1.3",
    scenario: "messages_loop",
    metric: "growth",
    appliesTo: (row) => row.variant.messages !== "delta",
    figure: (row) => row.weft?.median,
    met: (growth) => growth <= 1.3,
  },
  ...["query", "filtered"].map(
    (metric): Target => ({
      goal: "≥5×",
      scenario: "store_search",
      metric,
      // In-memory against in-memory; the SQLite rows have no peer counterpart.
      appliesTo: (row) => row.variant.store === "memory",
      figure: (row) => row.speedup,
      met: (speedup) => speedup >= 5,
    }),
  ),
];

/** A target judged on one row. */
export interface TargetResult {
  goal: string;
  row: Row;
  /** Undefined when a side failed and there is nothing to judge. */
  figure?: number;
  met: boolean;
}

/** Every target that applies to a row of this run, judged. */
export function judgeTargets(rows: readonly Row[]): TargetResult[] {
  // A variant one library cannot run here has nothing to compare.
  const comparable = rows.filter((row) => row.variant.unavailable === undefined);
  return comparable.flatMap((row) =>
    TARGETS.filter(
      (t) => t.scenario === row.scenario && t.metric === row.metric && t.appliesTo(row),
    ).map((target): TargetResult => {
      const figure = target.figure(row);
      return { goal: target.goal, row, figure, met: figure !== undefined && target.met(figure) };
    }),
  );
}

/** Peak RSS of both sides of a case, and whether Weft's is lower (the last target). */
export interface MemoryResult {
  result: CaseResult;
  weftMb?: number;
  peerMb?: number;
  met: boolean;
}

function peakOf(outcome: ChildOutcome | undefined): number | undefined {
  return outcome && "peakRssMb" in outcome ? outcome.peakRssMb : undefined;
}

/** Judges "lower peak RSS on every scenario" for each case. */
export function judgeMemory(cases: readonly CaseResult[]): MemoryResult[] {
  const comparable = cases.filter((c) => !Object.values(c.sides).some((s) => "unavailable" in s));
  return comparable.map((result) => {
    const weftMb = peakOf(result.sides.weft);
    const peerMb = peakOf(result.sides.peer);
    const met = weftMb !== undefined && peerMb !== undefined && weftMb < peerMb;
    return { result, weftMb, peerMb, met };
  });
}
