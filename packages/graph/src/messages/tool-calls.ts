import { parsePartialJson } from "./parse-partial-json.ts";
import type { InvalidToolCall, ToolCall, ToolCallChunk } from "./types.ts";

/** Tool calls split into the ones whose arguments parsed and the ones that did not. */
export interface ParsedToolCalls {
  tool_calls: ToolCall[];
  invalid_tool_calls: InvalidToolCall[];
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Gives each tool call its `type: "tool_call"` tag, copying only the calls that lack it. */
export function tagToolCalls(calls: readonly ToolCall[]): ToolCall[] {
  return calls.map((call) => (call.type === "tool_call" ? call : { ...call, type: "tool_call" }));
}

function invalidCall(
  name: string | undefined,
  args: string,
  id: string | undefined,
  index?: number,
): InvalidToolCall {
  const call: InvalidToolCall = {
    name,
    args,
    id,
    error: "Malformed args.",
    type: "invalid_tool_call",
  };
  if (index !== undefined) call.index = index;
  return call;
}

/**
 * Reads tool calls in any accepted form into `{tool_calls, invalid_tool_calls}`: Weft /
 * core style `{id, name, args}` and OpenAI style `{id, type: "function", function: {name,
 * arguments}}` (whose JSON `arguments` are parsed; unparsable ones become invalid calls).
 */
export function parseToolCalls(raw: readonly unknown[]): ParsedToolCalls {
  const parsed: ParsedToolCalls = { tool_calls: [], invalid_tool_calls: [] };
  for (const call of raw) {
    if (!isRecord(call)) continue;
    const fn = call.function;
    if (isRecord(fn)) {
      const args = typeof fn.arguments === "string" ? parseJson(fn.arguments) : fn.arguments;
      if (isRecord(args)) {
        parsed.tool_calls.push({
          id: call.id,
          name: String(fn.name ?? ""),
          args,
          type: "tool_call",
        });
      } else {
        parsed.invalid_tool_calls.push(invalidCall(fn.name, String(fn.arguments ?? ""), call.id));
      }
    } else if (typeof call.name === "string") {
      parsed.tool_calls.push({
        ...call,
        args: isRecord(call.args) ? call.args : {},
        type: "tool_call",
      } as ToolCall);
    }
  }
  return parsed;
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function sameCall(chunk: ToolCallChunk, first: ToolCallChunk): boolean {
  if (chunk.id && chunk.index !== undefined)
    return chunk.id === first.id && chunk.index === first.index;
  if (chunk.id) return chunk.id === first.id;
  if (chunk.index !== undefined) return chunk.index === first.index;
  return false;
}

/**
 * Turns streamed tool-call chunks into tool calls: chunks of one call (same `id` and/or
 * `index`) are joined and their argument text parsed, partially if it is still open. A
 * call with no id or with arguments that are not a JSON object is invalid.
 */
export function collapseToolCallChunks(chunks: readonly ToolCallChunk[]): ParsedToolCalls {
  const groups: ToolCallChunk[][] = [];
  for (const chunk of chunks) {
    const group = groups.find((g) => sameCall(chunk, g[0]!));
    if (group) group.push(chunk);
    else groups.push([chunk]);
  }
  const parsed: ParsedToolCalls = { tool_calls: [], invalid_tool_calls: [] };
  for (const group of groups) {
    const name = group[0]?.name ?? "";
    const id = group.find((c) => c.id)?.id ?? group[0]?.id;
    const text = group
      .map((c) => c.args ?? "")
      .join("")
      .trim();
    const args = parsePartialJson(text === "" ? "{}" : text);
    if (id && isRecord(args)) parsed.tool_calls.push({ name, args, id, type: "tool_call" });
    else parsed.invalid_tool_calls.push(invalidCall(name, text, id, group[0]?.index));
  }
  return parsed;
}
