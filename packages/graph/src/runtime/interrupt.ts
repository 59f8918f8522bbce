import { deterministicId } from "@weft/checkpoint";
import { GraphInputError, GraphInterrupt } from "../errors.ts";
import { taskScopeOf } from "../pregel/task-scope.ts";
import type { Interrupt } from "../types.ts";
import { currentConfig } from "./context.ts";

/**
 * Pauses the running node and surfaces `value` to the caller under
 * `__interrupt__`. When the run is resumed with `new Command({ resume })`, the
 * node starts again from the top and this call returns the resume value.
 *
 * Several calls in one node are answered in order: the n-th call gets the n-th
 * answer, so keep their order the same on every execution. Each interrupt has an
 * id derived from its task and position, unique across parallel tasks and stable
 * across re-executions; resume several at once with `{ [id]: value }`.
 *
 * It pauses by throwing a {@link GraphInterrupt}: do not swallow it in a
 * try/catch (rethrow errors for which `isGraphInterrupt(error)` is true).
 *
 * @throws GraphInputError `MISSING_CHECKPOINTER` when the graph has no checkpointer.
 * @example
 * const approved = interrupt({ question: "Send this email?", draft });
 */
export function interrupt<Value = unknown, Resume = any>(value: Value): Resume {
  const scope = taskScopeOf(currentConfig());
  if (!scope) {
    throw new GraphInputError(
      "INVALID_CONFIG",
      "interrupt() was called outside a running graph node. Call it from a node, a tool or a task while the graph runs.",
    );
  }
  if (!scope.saver) {
    throw new GraphInputError(
      "MISSING_CHECKPOINTER",
      "interrupt() needs a checkpointer to save the paused run: compile the graph with { checkpointer }.",
    );
  }
  const position = scope.interruptCounter++;
  if (position in scope.resume) return scope.resume[position] as Resume;
  const id = interruptId(scope.ns, position);
  const map = scope.resumeMap;
  if (map !== undefined && Object.hasOwn(map, id)) {
    scope.resume[position] = map[id];
    scope.saveResume();
    return map[id] as Resume;
  }
  const pending: Interrupt<Value> = { id, value };
  throw new GraphInterrupt([pending]);
}

/** The id of the interrupt at `position` in the task whose namespace is `taskNs`. */
export function interruptId(taskNs: string, position: number): string {
  return deterministicId("interrupt", taskNs, String(position));
}
