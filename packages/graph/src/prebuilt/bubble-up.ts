const BUBBLE = Symbol.for("weft.bubble");
const CONTROL_FLOW = new Set(["GraphInterrupt", "NodeInterrupt", "ParentCommand", "GraphBubbleUp"]);

/**
 * True for errors that are control flow, not failures: `interrupt()` pausing the run,
 * a command for the parent graph (Weft's, marked with `Symbol.for("weft.bubble")`, or
 * the peer's by name). Tool error handling must rethrow these.
 */
export function isControlFlowError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if ((error as Record<symbol, unknown>)[BUBBLE] === true) return true;
  return CONTROL_FLOW.has((error as { name?: unknown }).name as string);
}
