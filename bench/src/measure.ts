import type { BenchLib } from "./libs/bench-lib.ts";
import type { AnyScenario, RunCounts, Variant } from "./scenario.ts";
import { medianSeries } from "./stats.ts";

/** The samples of one scenario variant on one library. */
export interface Measurement {
  /** Metric key → one value per measured iteration. */
  samples: Record<string, number[]>;
  /** Index-wise median of the iterations' per-step series, when the scenario has one. */
  series?: number[];
}

/** Collects garbage between iterations when the process runs with `--expose-gc`. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Prepares a scenario, runs its warm-up iterations, then its measured ones, checking
 * every iteration's output: a wrong result fails the run instead of timing it.
 */
export async function measure(
  scenario: AnyScenario,
  lib: BenchLib,
  variant: Variant,
  counts: RunCounts,
  onIteration: (warmup: boolean) => void = () => {},
  sizes: unknown = { ...scenario.sizes, ...variant.sizes },
): Promise<Measurement> {
  const iterate = await scenario.prepare(lib, variant, sizes);
  const samples: Record<string, number[]> = {};
  const series: number[][] = [];
  for (let i = 0; i < counts.warmup + counts.measured; i++) {
    collectGarbage();
    const iteration = await iterate();
    const problem = scenario.check(iteration.output, sizes);
    if (problem) throw new Error(`${scenario.name}/${variant.id} on ${lib.name}: ${problem}`);
    const warmup = i < counts.warmup;
    onIteration(warmup);
    if (warmup) continue;
    for (const [key, value] of Object.entries(iteration.values)) {
      samples[key] = [...(samples[key] ?? []), value];
    }
    if (iteration.series) series.push(iteration.series);
  }
  return series.length ? { samples, series: medianSeries(series) } : { samples };
}
