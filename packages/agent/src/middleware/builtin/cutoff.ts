import { AIMessage, type BaseMessage, ToolMessage } from "@weft/graph";
import type { TokenCounter } from "./token-count.ts";

/**
 * For each index `c`, the earliest position of an AI message whose tool call is answered
 * at or after `c` (`Infinity` when none). A cut at `c` is safe when this is `>= c`: no
 * tool call before the cut has its result after it.
 */
function earliestOpenCall(messages: readonly BaseMessage[]): number[] {
  const callOwner = new Map<string, number>();
  messages.forEach((message, index) => {
    if (!AIMessage.isInstance(message)) return;
    for (const call of message.tool_calls ?? []) if (call.id) callOwner.set(call.id, index);
  });
  const earliest = new Array<number>(messages.length + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    let owner = Number.POSITIVE_INFINITY;
    if (ToolMessage.isInstance(message)) {
      owner = callOwner.get(message.tool_call_id) ?? Number.POSITIVE_INFINITY;
    }
    earliest[i] = Math.min(earliest[i + 1]!, owner);
  }
  return earliest;
}

/**
 * True when cutting `messages` before index `cut` (`messages.slice(0, cut)` goes,
 * `messages.slice(cut)` stays) keeps every tool call together with its results.
 */
export function isSafeCutoff(messages: readonly BaseMessage[], cut: number): boolean {
  if (cut <= 0 || cut >= messages.length) return true;
  return earliestOpenCall(messages)[cut]! >= cut;
}

/**
 * The latest safe cut at or before `target`: moving the cut earlier keeps more messages
 * rather than separating an AI message's tool calls from their `ToolMessage`s. Returns 0
 * (cut nothing) when no earlier cut is safe.
 */
export function safeCutoffAtOrBefore(messages: readonly BaseMessage[], target: number): number {
  if (target <= 0) return 0;
  if (target >= messages.length) return messages.length;
  const earliest = earliestOpenCall(messages);
  for (let cut = target; cut > 0; cut--) if (earliest[cut]! >= cut) return cut;
  return 0;
}

/** The safe cut that keeps (at least) the last `keep` messages; 0 when there are no more. */
export function cutoffKeepingMessages(messages: readonly BaseMessage[], keep: number): number {
  if (messages.length <= keep) return 0;
  return safeCutoffAtOrBefore(messages, messages.length - keep);
}

/**
 * The safe cut that keeps the longest tail of `messages` within `maxTokens` (as counted by
 * `countTokens`), then moves earlier if needed to keep tool calls with their results. At
 * least the last message is kept. Returns 0 when everything fits.
 */
export async function cutoffKeepingTokens(
  messages: readonly BaseMessage[],
  maxTokens: number,
  countTokens: TokenCounter,
): Promise<number> {
  if (messages.length === 0) return 0;
  const budget = Math.max(1, Math.floor(maxTokens));
  if ((await countTokens([...messages])) <= budget) return 0;
  // The tail's size only shrinks as the cut moves later: binary search the first cut
  // whose tail fits.
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if ((await countTokens(messages.slice(mid))) <= budget) high = mid;
    else low = mid + 1;
  }
  return safeCutoffAtOrBefore(messages, Math.min(low, messages.length - 1));
}
