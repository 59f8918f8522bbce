import { invalidOptions } from "./errors.ts";

/**
 * A size of the conversation, used as a trigger: reached when every given measure is
 * reached (`fraction` of the model's input window, `tokens`, or `messages`). At least one
 * measure is required.
 *
 * @example
 * { tokens: 4000 }             // 4000 tokens or more
 * { tokens: 3000, messages: 6 } // both at once
 */
export interface ContextSize {
  /** Share of the model's maximum input tokens (its `profile.maxInputTokens`), in (0, 1]. */
  fraction?: number;
  /** Token count (as counted by the middleware's token counter), > 0. */
  tokens?: number;
  /** Number of messages, a positive integer. */
  messages?: number;
}

/** How much recent context to keep: exactly one of `fraction`, `tokens` or `messages`. */
export type KeepSize = { fraction: number } | { tokens: number } | { messages: number };

function given(size: object): string[] {
  return ["fraction", "tokens", "messages"].filter(
    (key) => (size as Record<string, unknown>)[key] !== undefined,
  );
}

function check(middleware: string, ok: boolean, problem: string): void {
  if (!ok) throw invalidOptions(middleware, problem);
}

function checkMeasures(middleware: string, size: ContextSize, strict: boolean): void {
  const { fraction, tokens, messages } = size;
  if (fraction !== undefined) {
    check(
      middleware,
      typeof fraction === "number" && (strict ? fraction > 0 : fraction >= 0) && fraction <= 1,
      `fraction must be ${strict ? "greater than 0" : "between 0"} and at most 1 (got ${String(fraction)})`,
    );
  }
  if (tokens !== undefined) {
    check(
      middleware,
      typeof tokens === "number" && (strict ? tokens > 0 : tokens >= 0),
      `tokens must be ${strict ? "greater than 0" : "0 or more"} (got ${String(tokens)})`,
    );
  }
  if (messages !== undefined) {
    check(
      middleware,
      Number.isInteger(messages) && (strict ? messages > 0 : messages >= 0),
      `messages must be a ${strict ? "positive" : "non-negative"} integer (got ${String(messages)})`,
    );
  }
}

/**
 * Validates a trigger (one size or a list, any of which fires) and returns it as a list.
 * @throws WeftError `INVALID_CONFIG` when a size has no measure or an out-of-range one.
 */
export function parseTrigger(
  middleware: string,
  trigger: ContextSize | readonly ContextSize[],
): ContextSize[] {
  const list = Array.isArray(trigger) ? [...trigger] : [trigger as ContextSize];
  for (const size of list) {
    check(
      middleware,
      typeof size === "object" && size !== null && given(size).length > 0,
      "each trigger needs at least one of fraction, tokens or messages",
    );
    checkMeasures(middleware, size, true);
  }
  return list;
}

/**
 * Validates a keep size.
 * @throws WeftError `INVALID_CONFIG` unless exactly one in-range measure is given.
 */
export function parseKeep(middleware: string, keep: KeepSize): KeepSize {
  check(
    middleware,
    typeof keep === "object" && keep !== null && given(keep).length === 1,
    "keep needs exactly one of fraction, tokens or messages",
  );
  checkMeasures(middleware, keep as ContextSize, false);
  return keep;
}

/**
 * The model's maximum input tokens, read from its `profile.maxInputTokens` (the field
 * `@langchain/core` v1 models carry); `undefined` when the model does not say.
 */
export function maxInputTokensOf(model: unknown): number | undefined {
  if (typeof model !== "object" || model === null) return undefined;
  const profile = (model as { profile?: unknown }).profile;
  if (typeof profile !== "object" || profile === null) return undefined;
  const max = (profile as { maxInputTokens?: unknown }).maxInputTokens;
  return typeof max === "number" && max > 0 ? max : undefined;
}

/** The measured size of a conversation, compared against triggers. */
export interface MeasuredSize {
  messages: number;
  tokens: number;
  /** The model's input window, when known (needed by `fraction`). */
  maxInputTokens?: number;
}

/** True when any trigger has all of its measures reached. */
export function triggerReached(triggers: readonly ContextSize[], size: MeasuredSize): boolean {
  return triggers.some((trigger) => {
    if (trigger.messages !== undefined && size.messages < trigger.messages) return false;
    if (trigger.tokens !== undefined && size.tokens < trigger.tokens) return false;
    if (trigger.fraction !== undefined) {
      if (size.maxInputTokens === undefined) return false;
      if (size.tokens < Math.floor(size.maxInputTokens * trigger.fraction)) return false;
    }
    return given(trigger).length > 0;
  });
}

/** True when a trigger or keep size uses `fraction` (so the model's window must be known). */
export function usesFraction(sizes: readonly object[]): boolean {
  return sizes.some((size) => (size as ContextSize).fraction !== undefined);
}
