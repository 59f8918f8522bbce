import type { ContentBlock, MessageContent, UsageMetadata } from "./types.ts";

// How streamed message chunks are folded together, following `@langchain/core`'s rules:
// strings concatenate, numbers add, identity keys keep the latest non-empty value, and list
// items with the same `index` (or, without one, the same `id`) merge into one item.

type Dict = Record<string, unknown>;

const REPLACED_KEYS = new Set(["id", "name", "output_version", "model_provider"]);
const KEPT_KEYS = new Set(["index", "created", "timestamp"]);

function isDict(value: unknown): value is Dict {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasIndex(item: Dict): boolean {
  return typeof item.index === "number" || typeof item.index === "string";
}

function hasId(item: Dict): boolean {
  return item.id !== undefined && item.id !== null && item.id !== "";
}

// "text" and "text_delta" blocks merge; "text" and "tool_use" blocks with one index do not.
function baseType(type: unknown): unknown {
  return typeof type === "string" && type.endsWith("_delta") ? type.slice(0, -6) : type;
}

function isMergeTarget(left: unknown, item: Dict): boolean {
  if (!isDict(left)) return false;
  if (hasIndex(item) && hasIndex(left)) {
    if (left.index !== item.index) return false;
    if (typeof left.type === "string" && typeof item.type === "string") {
      if (baseType(left.type) !== baseType(item.type)) return false;
    }
    return hasId(left) && hasId(item) ? left.id === item.id : true;
  }
  return !hasIndex(item) && !hasIndex(left) && hasId(item) && hasId(left) && left.id === item.id;
}

function mergeValue(key: string, left: unknown, right: unknown): unknown {
  if (left === undefined || left === null) return right;
  if (right === undefined || right === null) return left;
  if (typeof left === "string" && typeof right === "string") {
    if (key === "type" || KEPT_KEYS.has(key)) return left;
    if (REPLACED_KEYS.has(key)) return right === "" ? left : right;
    return left + right;
  }
  if (typeof left === "number" && typeof right === "number") {
    return KEPT_KEYS.has(key) ? left : left + right;
  }
  if (Array.isArray(left) && Array.isArray(right)) return mergeLists(left, right);
  if (isDict(left) && isDict(right)) return mergeDicts(left, right);
  // Mismatched or unmergeable values: the earlier chunk wins, like an identity field.
  return left;
}

/** Merges two chunk dictionaries key by key. */
export function mergeDicts<T extends Dict>(left: T | undefined, right: T | undefined): T {
  if (left === undefined) return { ...(right ?? {}) } as T;
  if (right === undefined) return { ...left };
  const merged: Dict = { ...left };
  for (const key of Object.keys(right)) merged[key] = mergeValue(key, merged[key], right[key]);
  return merged as T;
}

/** Merges two chunk lists: items sharing an `index` (or an `id`) fold into one. */
export function mergeLists<T>(left: readonly T[], right: readonly T[]): T[] {
  const merged: unknown[] = [...left];
  for (const item of right) {
    if (!isDict(item)) {
      merged.push(item);
      continue;
    }
    const target =
      hasIndex(item) || hasId(item) ? merged.findIndex((l) => isMergeTarget(l, item)) : -1;
    if (target !== -1) merged[target] = mergeDicts(merged[target] as Dict, item);
    else if (!(item.type === "text" && item.text === "")) merged.push(item);
  }
  return merged as T[];
}

function asBlocks(content: MessageContent): ContentBlock[] {
  return typeof content === "string"
    ? content === ""
      ? []
      : [{ type: "text", text: content }]
    : content;
}

/** Joins the content of two chunks: text concatenates, block lists merge by index. */
export function mergeContent(left: MessageContent, right: MessageContent): MessageContent {
  if (typeof left === "string" && typeof right === "string") return left + right;
  if (typeof right === "string" && right === "") return left;
  if (typeof left === "string" && left === "") return right;
  if (Array.isArray(right) && right.length === 0) return left;
  return mergeLists(asBlocks(left), asBlocks(right));
}

function sumDetails(
  left: Record<string, number> | undefined,
  right: Record<string, number> | undefined,
): Record<string, number> | undefined {
  if (left === undefined && right === undefined) return undefined;
  const sum: Record<string, number> = { ...left };
  for (const [key, value] of Object.entries(right ?? {})) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

/** Adds the token counts of two chunks. */
export function mergeUsage(
  left: UsageMetadata | undefined,
  right: UsageMetadata | undefined,
): UsageMetadata | undefined {
  if (left === undefined || right === undefined) return left ?? right;
  const usage: UsageMetadata = {
    input_tokens: left.input_tokens + right.input_tokens,
    output_tokens: left.output_tokens + right.output_tokens,
    total_tokens: left.total_tokens + right.total_tokens,
  };
  const input = sumDetails(left.input_token_details, right.input_token_details);
  const output = sumDetails(left.output_token_details, right.output_token_details);
  if (input !== undefined) usage.input_token_details = input;
  if (output !== undefined) usage.output_token_details = output;
  return usage;
}
