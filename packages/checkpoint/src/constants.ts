/**
 * Reserved channel names that appear in pending writes. Savers treat writes to
 * these channels specially: they are keyed by a fixed negative index so that a
 * retried task overwrites its previous error or interrupt instead of appending.
 */
export const ERROR = "__error__";
export const INTERRUPT = "__interrupt__";
export const SCHEDULED = "__scheduled__";
export const RESUME = "__resume__";
/**
 * Task id of writes no task made: the update and `goto` of a `Command` passed as
 * run input, saved with the checkpoint they apply to so a crashed resume reapplies them.
 */
export const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";
/** Channel holding `Send` packets for the next superstep. */
export const TASKS = "__pregel_tasks";

/** Fixed write index of the special channels; ordinary writes use their position (0, 1, ...). */
export const WRITES_IDX_MAP: Readonly<Record<string, number>> = {
  [ERROR]: -1,
  [SCHEDULED]: -2,
  [INTERRUPT]: -3,
  [RESUME]: -4,
};

/** Write index for the `idx`-th write of a task to `channel`. */
export function writeIndex(channel: string, idx: number): number {
  return WRITES_IDX_MAP[channel] ?? idx;
}
