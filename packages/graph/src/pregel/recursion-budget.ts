import { DEFAULT_RECURSION_LIMIT } from "../constants.ts";
import { GraphRecursionError } from "../errors.ts";
import type { PregelTask } from "./task.ts";

/** How many recent steps a recursion error shows. */
const RECENT_STEPS = 5;

/**
 * The run's `recursionLimit`, counted like the peer's: a run may execute up to
 * `recursionLimit + 1` supersteps after its input, and fails once it goes past,
 * even if nothing is left to run. The error names the last steps' nodes.
 */
export class RecursionBudget {
  private readonly limit: number;
  /** The first step past the budget. */
  private readonly stop: number;
  private readonly recentSteps: string[][] = [];

  constructor(recursionLimit: number | undefined, firstStep: number) {
    this.limit = recursionLimit ?? DEFAULT_RECURSION_LIMIT;
    this.stop = firstStep + this.limit + 1;
  }

  /** Throws `GRAPH_RECURSION_LIMIT` when `step` is past the budget. */
  check(step: number): void {
    if (step > this.stop) throw this.error();
  }

  /** Remembers which nodes a finished step ran, for the error message. */
  remember(tasks: readonly PregelTask[]): void {
    this.recentSteps.push(tasks.map((t) => t.name));
    if (this.recentSteps.length > RECENT_STEPS) this.recentSteps.shift();
  }

  private error(): GraphRecursionError {
    const limit = this.limit;
    const recent = this.recentSteps.map((names) => names.join(", ")).join(" → ");
    return new GraphRecursionError(
      `Recursion limit of ${limit} reached without hitting a stop condition. ` +
        `Last steps ran: ${recent || "(none)"}. ` +
        "If the graph loops on purpose, raise `recursionLimit` in the config; otherwise check the edges of these nodes.",
      { limit, recentSteps: this.recentSteps.map((s) => [...s]) },
    );
  }
}
