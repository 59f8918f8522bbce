import type { LibName } from "../libs/bench-lib.ts";
import type { CaseResult, Row } from "../results.ts";
import type { MemoryResult, TargetResult } from "../targets.ts";
import { formatMb, formatSpeedup, formatValue } from "./format.ts";
import { type Column, textTable } from "./text-table.ts";

/** Everything the report shows. */
export interface ReportInput {
  rows: readonly Row[];
  cases: readonly CaseResult[];
  targets: readonly TargetResult[];
  memory: readonly MemoryResult[];
}

const TIMING_COLUMNS: Column[] = [
  { header: "scenario", align: "left" },
  { header: "variant", align: "left" },
  { header: "metric", align: "left" },
  { header: "Weft median", align: "right" },
  { header: "Weft best", align: "right" },
  { header: "peer median", align: "right" },
  { header: "peer best", align: "right" },
  { header: "Weft ×", align: "right" },
  { header: "target", align: "left" },
];

const MEMORY_COLUMNS: Column[] = [
  { header: "scenario", align: "left" },
  { header: "variant", align: "left" },
  { header: "Weft peak RSS", align: "right" },
  { header: "peer peak RSS", align: "right" },
  { header: "lower RSS", align: "left" },
];

function verdict(met: boolean): string {
  return met ? "met" : "MISSED";
}

function targetCell(row: Row, targets: readonly TargetResult[]): string {
  const target = targets.find((t) => t.row === row);
  return target ? `${target.goal} ${verdict(target.met)}` : "";
}

/** A side's figure, or "n/a" for a library that cannot run the variant here. */
function sideCell(row: Row, lib: LibName, stat: "median" | "best"): string {
  if (row.variant.unavailable?.[lib] !== undefined) return "n/a";
  return formatValue(row[lib]?.[stat], row.unit);
}

function timingTable(input: ReportInput): string {
  const cells = input.rows.map((row) => [
    row.scenario,
    row.variant.label,
    row.label,
    sideCell(row, "weft", "median"),
    sideCell(row, "weft", "best"),
    sideCell(row, "peer", "median"),
    sideCell(row, "peer", "best"),
    formatSpeedup(row.speedup),
    targetCell(row, input.targets),
  ]);
  return textTable(TIMING_COLUMNS, cells);
}

function memoryTable(memory: readonly MemoryResult[]): string {
  const cells = memory.map((m) => [
    m.result.scenario,
    m.result.variant.label,
    formatMb(m.weftMb),
    formatMb(m.peerMb),
    verdict(m.met),
  ]);
  return textTable(MEMORY_COLUMNS, cells);
}

function targetLines(targets: readonly TargetResult[], memory: readonly MemoryResult[]): string[] {
  const lines = targets.map((t) => {
    const figure = t.row.metric === "growth" ? formatValue(t.figure, "×") : formatSpeedup(t.figure);
    const what = t.row.metric === "growth" ? "Weft's per-step growth" : "Weft speed-up";
    return `  ${t.met ? "✔" : "✘"} ${t.row.scenario} · ${t.row.variant.label} · ${t.row.label}: ${what} ${figure} (goal ${t.goal})`;
  });
  const lower = memory.filter((m) => m.met).length;
  lines.push(
    `  ${lower === memory.length ? "✔" : "✘"} lower peak RSS than the peer: ${lower} of ${memory.length} cases`,
  );
  return lines;
}

/** One line per side whose outcome has the given kind (`error` or `unavailable`). */
function sidesWith(cases: readonly CaseResult[], kind: "error" | "unavailable"): string[] {
  return cases.flatMap((c) =>
    Object.entries(c.sides).flatMap(([lib, outcome]) =>
      outcome && kind in outcome
        ? [
            `  ${c.scenario} · ${c.variant.label} · ${lib}: ${(outcome as Record<string, string>)[kind]}`,
          ]
        : [],
    ),
  );
}

/** The whole report as text: timings, memory, targets and any failed cases. */
export function formatReport(input: ReportInput): string {
  const failed = sidesWith(input.cases, "error");
  const unavailable = sidesWith(input.cases, "unavailable");
  return [
    timingTable(input),
    "Weft × = how many times faster Weft is than the peer (ratio of medians; for sizes, how many times smaller);",
    "best = min time / max rate.",
    "",
    memoryTable(input.memory),
    "",
    "Targets",
    ...targetLines(input.targets, input.memory),
    ...(unavailable.length ? ["", "Not run here (no comparison)", ...unavailable] : []),
    ...(failed.length ? ["", "Failed cases", ...failed] : []),
  ].join("\n");
}
