import { WeftError } from "@weft/checkpoint";
import type { Command } from "./command.ts";
import type { Interrupt } from "./types.ts";

const TROUBLESHOOTING = "For troubleshooting, see the error reference for code";

function withCode(message: string, code: string): string {
  return `${message}\n${TROUBLESHOOTING} ${code}.`;
}

/** The graph ran `recursionLimit` supersteps without finishing. Code `GRAPH_RECURSION_LIMIT`. */
export class GraphRecursionError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("GRAPH_RECURSION_LIMIT", withCode(message, "GRAPH_RECURSION_LIMIT"), { details });
  }
}

/**
 * A node returned something that is not a state update (code
 * `INVALID_GRAPH_NODE_RETURN_VALUE`), or several nodes wrote one last-value
 * channel in the same step (code `INVALID_CONCURRENT_GRAPH_UPDATE`).
 */
export class InvalidUpdateError extends WeftError {
  constructor(
    message: string,
    code: "INVALID_GRAPH_NODE_RETURN_VALUE" | "INVALID_CONCURRENT_GRAPH_UPDATE",
    details: Record<string, unknown> = {},
  ) {
    super(code, withCode(message, code), { details });
  }
}

/** A channel was read before anything was written to it. Code `EMPTY_CHANNEL`. */
export class EmptyChannelError extends WeftError {
  constructor(message = "channel is empty", details: Record<string, unknown> = {}) {
    super("EMPTY_CHANNEL", message, { details });
  }
}

/** The graph definition is invalid (unknown node, no entry point...). Code `INVALID_GRAPH`. */
export class InvalidGraphError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_GRAPH", message, { details });
  }
}

/** The run was cancelled through its `AbortSignal`. Code `GRAPH_ABORTED`. */
export class GraphAbortedError extends WeftError {
  constructor(reason?: unknown) {
    super("GRAPH_ABORTED", "The run was aborted", { cause: reason });
  }
}

/** Bad `invoke` / `stream` / state call arguments. Code `INVALID_CONFIG` or `INVALID_INPUT`. */
export class GraphInputError extends WeftError {
  constructor(
    code: "INVALID_CONFIG" | "INVALID_INPUT" | "MISSING_CHECKPOINTER",
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { details });
  }
}

export { WeftError };

const BUBBLE: unique symbol = Symbol.for("weft.bubble");

/**
 * Not a failure: a signal that travels up from a node to the loop that runs it
 * (an interrupt, or a command for the parent graph). Code that catches errors
 * around `interrupt()` or a subgraph call must rethrow these; check with
 * {@link isGraphBubbleUp}.
 */
export abstract class GraphBubbleUp extends Error {
  readonly [BUBBLE] = true;
}

/**
 * Thrown by `interrupt()` (and by a subgraph that paused) to pause the run.
 * Carries the pending interrupts; the loop saves them and the run returns
 * `__interrupt__`.
 */
export class GraphInterrupt extends GraphBubbleUp {
  override readonly name = "GraphInterrupt";
  readonly interrupts: Interrupt[];

  constructor(interrupts: Interrupt[] = []) {
    super(
      interrupts.length === 0
        ? "The graph paused at a breakpoint"
        : `The graph paused at ${interrupts.length} interrupt(s)`,
    );
    this.interrupts = interrupts;
  }
}

/** A node inside a subgraph returned `Command({ graph: Command.PARENT })`: the parent applies it. */
export class ParentCommand extends GraphBubbleUp {
  override readonly name = "ParentCommand";
  readonly command: Command;

  constructor(command: Command) {
    super("A command for the parent graph");
    this.command = command;
  }
}

/** True for errors that are control flow (interrupts, parent commands), also from another copy of Weft. */
export function isGraphBubbleUp(error: unknown): error is GraphBubbleUp {
  return typeof error === "object" && error !== null && (error as never)[BUBBLE] === true;
}

/** True for the error `interrupt()` throws to pause a run. */
export function isGraphInterrupt(error: unknown): error is GraphInterrupt {
  return isGraphBubbleUp(error) && error.name === "GraphInterrupt";
}

/** True for a command a subgraph node sent to its parent graph. */
export function isParentCommand(error: unknown): error is ParentCommand {
  return isGraphBubbleUp(error) && error.name === "ParentCommand";
}
