import type { CliOptions } from "./cli-args.ts";
import { LIB_NAMES, type LibName } from "./libs/bench-lib.ts";
import type { AnyScenario, RunCounts, Variant } from "./scenario.ts";

/** One child process to run. */
export interface Job {
  scenario: AnyScenario;
  variant: Variant;
  lib: LibName;
  counts: RunCounts;
}

/** The iterations a case runs with under the given options. */
export function countsFor(scenario: AnyScenario, options: CliOptions): RunCounts {
  const base = options.quick ? { warmup: 1, measured: 2 } : scenario.runs;
  return { warmup: base.warmup, measured: options.iterations ?? base.measured };
}

function selected(filter: string[], scenario: AnyScenario, variant: Variant): boolean {
  if (filter.length === 0) return true;
  return filter.some((f) => f === scenario.name || f === `${scenario.name}/${variant.id}`);
}

/**
 * Every (scenario, variant, library) case the options select, Weft then peer for each
 * variant, so the two sides of a comparison run next to each other in time.
 * Throws when a filter selects nothing.
 */
export function planJobs(scenarios: readonly AnyScenario[], options: CliOptions): Job[] {
  const jobs = scenarios.flatMap((scenario) =>
    scenario.variants
      .filter((variant) => selected(options.filter, scenario, variant))
      .flatMap((variant) =>
        LIB_NAMES.map((lib) => ({ scenario, variant, lib, counts: countsFor(scenario, options) })),
      ),
  );
  if (jobs.length === 0) {
    throw new Error(`--filter ${options.filter.join(",")} matches no scenario (see --help)`);
  }
  return jobs;
}
