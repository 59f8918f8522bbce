import type { BenchLib, LibName, StoreBackend } from "./libs/bench-lib.ts";

/** How a metric reads: lower is better for times, higher for rates. */
export type Better = "lower" | "higher";

/** One number a scenario measures in every iteration. */
export interface MetricSpec {
  /** Key in {@link Iteration.values}. */
  key: string;
  /** What the report calls it. */
  label: string;
  /** Printed after the value: "ms", "ms/step", "ev/s", "×". */
  unit: string;
  better: Better;
  /** Whether a peer/weft speed-up makes sense for it (not for ratios such as growth). */
  compare: boolean;
  /** The variants that measure it (e.g. a database size); all when absent. */
  appliesTo?(variant: Variant): boolean;
}

/** Whether a variant's iterations report the metric. */
export function measuredIn(metric: MetricSpec, variant: Variant): boolean {
  return metric.appliesTo?.(variant) ?? true;
}

/** One way to run a scenario (which saver, which messages field, ...). */
export interface Variant {
  /** Short id, unique within the scenario. */
  id: string;
  /** What the report calls it. */
  label: string;
  /** Saver name from `SAVERS`, or none for no checkpointer. */
  saver?: string;
  /** Which messages field (see {@link BenchLib.messagesField}). */
  messages?: "default" | "delta";
  /** Which store backend (see {@link BenchLib.createStore}). */
  store?: StoreBackend;
  /**
   * Libraries that cannot run this variant on this machine, with why (the peer's Redis
   * saver needs Redis Stack modules, for example). Their side is reported as n/a with the
   * reason, never as a failure, and the case leaves the comparisons out.
   */
  unavailable?: Partial<Record<LibName, string>>;
  /**
   * Sizes this variant runs with instead of the scenario's (a backend too slow here for
   * the full size); its label says so. Smoke runs keep their own sizes.
   */
  sizes?: Record<string, number>;
}

/** What one iteration returns. */
export interface Iteration {
  /** Metric key → value (times in ms). */
  values: Record<string, number>;
  /** Optional per-step series (ms), indexed by history length; charted, not tabled. */
  series?: number[];
  /** What the graph produced, checked by {@link Scenario.check}. */
  output: unknown;
}

/** Warm-up and measured iteration counts. */
export interface RunCounts {
  warmup: number;
  measured: number;
}

/**
 * A benchmark scenario, written once against {@link BenchLib}. `prepare` does the
 * untimed set-up (building the graph, filling a thread) and returns one timed iteration.
 */
export interface Scenario<Sizes = Record<string, number>> {
  name: string;
  /** One line for `--help` and the report. */
  summary: string;
  /** The sizes the issue fixes. */
  sizes: Sizes;
  /** Small sizes for the smoke test. */
  smokeSizes: Sizes;
  /** Iterations of a full run (`--quick` lowers them). */
  runs: RunCounts;
  variants: readonly Variant[];
  metrics: readonly MetricSpec[];
  prepare(lib: BenchLib, variant: Variant, sizes: Sizes): Promise<() => Promise<Iteration>>;
  /** Returns what is wrong with an iteration's output, or undefined when it is right. */
  check(output: unknown, sizes: Sizes): string | undefined;
}

/** A scenario of any sizes, as lists hold them. */
export type AnyScenario = Scenario<any>;
