import { mkdir, writeFile } from "node:fs/promises";
import { arch, cpus, platform } from "node:os";
import { fileURLToPath } from "node:url";
import type { CliOptions } from "./cli-args.ts";
import { messagesChart } from "./report/messages-chart.ts";
import type { CaseResult, Row } from "./results.ts";
import type { MemoryResult, TargetResult } from "./targets.ts";

/** Where results go: bench/results/. */
export const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

/** Everything a run produced. */
export interface RunOutput {
  options: CliOptions;
  startedAt: Date;
  cases: readonly CaseResult[];
  rows: readonly Row[];
  targets: readonly TargetResult[];
  memory: readonly MemoryResult[];
}

function toJson(run: RunOutput): unknown {
  return {
    startedAt: run.startedAt.toISOString(),
    machine: {
      node: process.version,
      platform: platform(),
      arch: arch(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
    },
    options: run.options,
    rows: run.rows.map(({ variant, ...row }) => ({ ...row, variant: variant.id })),
    targets: run.targets.map(({ row, ...t }) => ({
      ...t,
      scenario: row.scenario,
      variant: row.variant.id,
      metric: row.metric,
    })),
    memory: run.memory.map(({ result, ...m }) => ({
      ...m,
      scenario: result.scenario,
      variant: result.variant.id,
    })),
    cases: run.cases,
  };
}

/**
 * Writes `latest.json` (every sample, stat and target) and, when messages_loop ran,
 * `messages-loop.svg`. Returns the paths written.
 */
export async function writeResults(run: RunOutput): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const written: string[] = [];
  const json = `${RESULTS_DIR}latest.json`;
  await writeFile(json, `${JSON.stringify(toJson(run), null, 2)}\n`);
  written.push(json);
  const svg = messagesChart(run.cases);
  if (svg) {
    const path = `${RESULTS_DIR}messages-loop.svg`;
    await writeFile(path, svg);
    written.push(path);
  }
  return written;
}
