import {
  type CheckpointPendingWrite,
  INTERRUPT,
  NULL_TASK_ID,
  type PendingWrite,
} from "@weft/checkpoint";
import { type Command, isCommand } from "../command.ts";
import { GraphInputError } from "../errors.ts";
import type { Interrupt } from "../types.ts";
import type { GraphSpec } from "./spec.ts";
import { isOutputWrite } from "./task.ts";

/** What the run input asks the loop to do before its first superstep. */
export type InputPlan =
  /** New input (validated): starts a new run on this thread from an `input` checkpoint. */
  | { kind: "start"; value: unknown }
  /** No input: the thread continues from its checkpoint; the tasks that did not finish run (again). */
  | { kind: "continue" }
  /**
   * `Command({ resume })`: the answers by interrupt id continue the paused step; the
   * command's `update` / `goto` writes join that step as writes of no task.
   */
  | { kind: "answer"; resumeMap: Record<string, unknown> | undefined; writes: PendingWrite[] }
  /** A `Command` without `resume`: its writes start a new step from an `input` checkpoint. */
  | { kind: "update"; writes: PendingWrite[] };

/** What deciding about the input needs to know of the loaded thread. */
export interface InputContext {
  readonly spec: GraphSpec;
  /** The loaded checkpoint has channels to continue from. */
  readonly resumable: boolean;
  /** The graph has a checkpointer. */
  readonly checkpointer: boolean;
  /** Writes saved against the loaded checkpoint. */
  readonly pendingWrites: readonly CheckpointPendingWrite[];
}

/**
 * Decides what the run input means, validating it before anything is written.
 * Throws `INVALID_INPUT` for no input (or a `Command`) without a checkpoint to
 * continue, an empty `Command` or an ambiguous resume value, and
 * `MISSING_CHECKPOINTER` for a resume without a checkpointer.
 */
export async function planInput(input: unknown, context: InputContext): Promise<InputPlan> {
  if (isCommand(input)) return planCommand(input, context);
  if (input === null || input === undefined) {
    if (!context.resumable) {
      throw new GraphInputError(
        "INVALID_INPUT",
        "Received no input and there is no checkpoint to resume from: pass the graph's input.",
      );
    }
    return { kind: "continue" };
  }
  const validate = context.spec.validateInput;
  return { kind: "start", value: validate ? validate(input) : input };
}

/**
 * `Command` input: `resume` answers pending interrupts and continues the paused step;
 * `update` / `goto` apply as writes of no task. With an answer they join the paused
 * step (saved with its checkpoint, so a crash reapplies them); without one they start
 * a new step from an `input` checkpoint, and the unfinished tasks run again.
 */
async function planCommand(command: Command, context: InputContext): Promise<InputPlan> {
  const hasResume = command.resume !== undefined;
  if (hasResume && !context.checkpointer) {
    throw new GraphInputError(
      "MISSING_CHECKPOINTER",
      "Command({ resume }) continues a paused run, which needs a checkpointer: compile the graph with { checkpointer }.",
    );
  }
  if (!context.resumable) {
    throw new GraphInputError(
      "INVALID_INPUT",
      "Received a Command but the thread has no checkpoint to apply it to: start the run with the graph's input.",
    );
  }
  const spec = context.spec;
  const writes = spec.commandWrites ? await spec.commandWrites(command) : [];
  if (!hasResume && writes.length === 0) {
    throw new GraphInputError(
      "INVALID_INPUT",
      "Received an empty Command: give it resume, update or goto.",
    );
  }
  if (!hasResume) return { kind: "update", writes };
  const resumeMap = resolveResume(command.resume, context.pendingWrites);
  return { kind: "answer", resumeMap, writes };
}

/**
 * Turns `Command.resume` into answers by interrupt id: a map whose keys are all
 * pending interrupt ids is taken as is; any other value answers the one pending
 * interrupt (several pending interrupts need a map).
 */
function resolveResume(
  resume: unknown,
  pendingWrites: readonly CheckpointPendingWrite[],
): Record<string, unknown> | undefined {
  const pending = pendingInterrupts(pendingWrites);
  if (pending.length === 0) return undefined;
  const ids = new Set(pending.map((i) => i.id));
  if (typeof resume === "object" && resume !== null && !Array.isArray(resume)) {
    const keys = Object.keys(resume);
    if (keys.length > 0 && keys.every((k) => ids.has(k))) return resume as Record<string, unknown>;
  }
  if (pending.length === 1) return { [pending[0]!.id]: resume };
  throw new GraphInputError(
    "INVALID_INPUT",
    `${pending.length} interrupts are pending; resume them with a map from interrupt id to value: new Command({ resume: { "${pending[0]!.id}": ..., ... } }).`,
    { interrupts: pending },
  );
}

/** The interrupts still open at a checkpoint: saved by tasks that have not finished since. */
function pendingInterrupts(writes: readonly CheckpointPendingWrite[]): Interrupt[] {
  const finished = new Set<string>();
  for (const [taskId, channel] of writes) {
    if (isOutputWrite(channel)) finished.add(taskId);
  }
  const found: Interrupt[] = [];
  for (const [taskId, channel, value] of writes) {
    if (channel === INTERRUPT && !finished.has(taskId)) found.push(...(value as Interrupt[]));
  }
  return found;
}

/** The saved update/goto of a `Command` that resumed this checkpoint earlier. */
export function nullTaskWrites(pendingWrites: readonly CheckpointPendingWrite[]): PendingWrite[] {
  const writes: PendingWrite[] = [];
  for (const [taskId, channel, value] of pendingWrites) {
    if (taskId === NULL_TASK_ID) writes.push([channel, value]);
  }
  return writes;
}

/** `pendingWrites` with a resuming command's writes in place of an earlier command's. */
export function withNullTaskWrites(
  pendingWrites: readonly CheckpointPendingWrite[],
  writes: readonly PendingWrite[],
): CheckpointPendingWrite[] {
  const kept = pendingWrites.filter(([taskId]) => taskId !== NULL_TASK_ID);
  for (const [channel, value] of writes) kept.push([NULL_TASK_ID, channel, value]);
  return kept;
}
