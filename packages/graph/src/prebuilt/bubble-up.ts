import { isGraphBubbleUp } from "../errors.ts";

/** The peer's control-flow error names, for tools written against `@langchain/langgraph`. */
const PEER_CONTROL_FLOW = new Set([
  "GraphInterrupt",
  "NodeInterrupt",
  "ParentCommand",
  "GraphBubbleUp",
]);

/**
 * True for errors that are control flow, not failures: `interrupt()` pausing the run,
 * a command for the parent graph (Weft's, or the peer's by name). Tool error handling
 * must rethrow these.
 */
export function isControlFlowError(error: unknown): boolean {
  if (isGraphBubbleUp(error)) return true;
  if (typeof error !== "object" || error === null) return false;
  return PEER_CONTROL_FLOW.has((error as { name?: unknown }).name as string);
}
