import type { LibName } from "./libs/bench-lib.ts";
import type { Measurement } from "./measure.ts";
import type { RunCounts } from "./scenario.ts";

/** What the parent asks a child process to measure. */
export interface ChildRequest {
  scenario: string;
  variant: string;
  lib: LibName;
  counts: RunCounts;
}

/** What a child prints on stdout when done. */
export interface ChildResult extends Measurement {
  /** Peak resident set size of the child process, in MiB. */
  peakRssMb: number;
}
