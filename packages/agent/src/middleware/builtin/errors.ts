import { WeftError } from "@weft/checkpoint";
import type { PIIMatch } from "./pii-detectors.ts";

/**
 * PII was found where the `block` strategy forbids it. Code `PII_DETECTED`; `piiType` and
 * `matches` say what was found, and `details` repeats them (without the matched text, so
 * that logging the error does not leak what it protects).
 */
export class PIIDetectionError extends WeftError {
  /** The PII type that was found (`"email"`, `"credit_card"`, a custom name...). */
  readonly piiType: string;
  /** Every match in the checked content. */
  readonly matches: readonly PIIMatch[];

  constructor(piiType: string, matches: readonly PIIMatch[]) {
    super("PII_DETECTED", `PII detected: ${piiType} found ${matches.length} occurrence(s)`, {
      details: { piiType, count: matches.length },
    });
    this.piiType = piiType;
    this.matches = matches;
  }
}

/** The limits and counts a call-limit error reports. */
export interface CallLimitDetails {
  threadLimit?: number;
  runLimit?: number;
  threadCount?: number;
  runCount?: number;
}

/**
 * The model-call limit was reached and `exitBehavior` is `"error"`. Code
 * `MODEL_CALL_LIMIT_EXCEEDED`; `details` has the limit and count that tripped.
 */
export class ModelCallLimitMiddlewareError extends WeftError {
  constructor(limits: CallLimitDetails) {
    super("MODEL_CALL_LIMIT_EXCEEDED", modelCallLimitMessage(limits), {
      details: { ...limits },
    });
  }
}

/** The text of the model-call limit error, also used as the final AI message with `"end"`. */
export function modelCallLimitMessage(limits: CallLimitDetails): string {
  const hints: string[] = [];
  if (limits.threadLimit !== undefined && limits.threadCount !== undefined) {
    hints.push(`thread level call limit reached with ${limits.threadCount} model calls`);
  }
  if (limits.runLimit !== undefined && limits.runCount !== undefined) {
    hints.push(`run level call limit reached with ${limits.runCount} model calls`);
  }
  return `Model call limits exceeded${hints.length > 0 ? `: ${hints.join(", ")}` : ""}`;
}

/**
 * A tool-call limit was exceeded and `exitBehavior` is `"error"`. Code
 * `TOOL_CALL_LIMIT_EXCEEDED`; the counts include the calls that were refused.
 */
export class ToolCallLimitExceededError extends WeftError {
  readonly threadCount: number;
  readonly runCount: number;
  readonly threadLimit?: number;
  readonly runLimit?: number;
  /** The limited tool, or `undefined` for a limit on all tools. */
  readonly toolName?: string;

  constructor(
    counts: { threadCount: number; runCount: number },
    limits: { threadLimit?: number; runLimit?: number; toolName?: string },
  ) {
    super("TOOL_CALL_LIMIT_EXCEEDED", toolCallLimitMessage(counts, limits), {
      details: { ...counts, ...limits },
    });
    this.threadCount = counts.threadCount;
    this.runCount = counts.runCount;
    this.threadLimit = limits.threadLimit;
    this.runLimit = limits.runLimit;
    this.toolName = limits.toolName;
  }
}

/** The text of the tool-call limit error, also used as the final AI message with `"end"`. */
export function toolCallLimitMessage(
  counts: { threadCount: number; runCount: number },
  limits: { threadLimit?: number; runLimit?: number; toolName?: string },
): string {
  const subject = limits.toolName ? `'${limits.toolName}' tool` : "Tool";
  const exceeded: string[] = [];
  if (limits.threadLimit !== undefined && counts.threadCount > limits.threadLimit) {
    exceeded.push(`thread limit exceeded (${counts.threadCount}/${limits.threadLimit} calls)`);
  }
  if (limits.runLimit !== undefined && counts.runCount > limits.runLimit) {
    exceeded.push(`run limit exceeded (${counts.runCount}/${limits.runLimit} calls)`);
  }
  return `${subject} call limit reached: ${exceeded.join(" and ")}.`;
}

/** Bad options given to a built-in middleware factory: code `INVALID_CONFIG`. */
export function invalidOptions(middleware: string, problem: string): WeftError {
  return new WeftError("INVALID_CONFIG", `${middleware}: ${problem}`, {
    details: { middleware },
  });
}
