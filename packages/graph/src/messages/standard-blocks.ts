import type { ContentBlock } from "./types.ts";

/**
 * Reads provider-specific content blocks as LangChain's standard ones, for
 * `message.contentBlocks`: Anthropic `thinking` and OpenAI `reasoning` summaries become
 * `reasoning` blocks; `image_url`, Anthropic `image` / `document` sources and OpenAI
 * `input_audio` become `image` / `file` / `audio` blocks with `url`, `data` +
 * `mimeType` or `fileId`; Anthropic `tool_use` blocks are left to the message's
 * `tool_calls`. Standard blocks pass through; anything unknown is kept as
 * `{ type: "non_standard", value }`. The message's `content` itself is not changed.
 */
export function toStandardBlocks(content: readonly ContentBlock[]): ContentBlock[] {
  const out: ContentBlock[] = [];
  for (const block of content) {
    const translated = translate(block);
    if (Array.isArray(translated)) out.push(...translated);
    else if (translated) out.push(translated);
  }
  return out;
}

const STANDARD = new Set([
  "text",
  "reasoning",
  "image",
  "audio",
  "video",
  "file",
  "text-plain",
  "tool_call",
  "tool_call_chunk",
  "invalid_tool_call",
  "server_tool_call",
  "server_tool_call_result",
  "non_standard",
]);

function translate(block: ContentBlock): ContentBlock | ContentBlock[] | undefined {
  const b = block as Record<string, any>;
  switch (b.type) {
    case "thinking":
      return withOptional({ type: "reasoning", reasoning: String(b.thinking ?? "") }, b, [
        "signature",
      ]);
    case "redacted_thinking":
      return { type: "reasoning", reasoning: "", extras: { redacted: b.data } };
    case "reasoning":
      if (typeof b.reasoning === "string") return block;
      // OpenAI Responses API: one standard block per summary part.
      return (Array.isArray(b.summary) ? b.summary : []).map((part: Record<string, any>) =>
        withOptional({ type: "reasoning", reasoning: String(part.text ?? "") }, b, ["id"]),
      );
    case "image_url":
      return fromUrl("image", typeof b.image_url === "string" ? b.image_url : b.image_url?.url);
    case "input_audio":
      return {
        type: "audio",
        data: b.input_audio?.data,
        mimeType: `audio/${b.input_audio?.format ?? "wav"}`,
      };
    case "tool_use":
      return undefined;
    case "image":
    case "document":
      if (b.source) return fromAnthropicSource(b.type === "image" ? "image" : "file", b.source);
      break;
  }
  return STANDARD.has(b.type) ? block : { type: "non_standard", value: block };
}

/** A block from a URL, unpacking `data:` URLs into `data` + `mimeType`. */
function fromUrl(type: string, url: unknown): ContentBlock {
  if (typeof url !== "string") return { type, url: undefined };
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { type, data: match[2], mimeType: match[1] } : { type, url };
}

function fromAnthropicSource(type: string, source: Record<string, any>): ContentBlock {
  if (source.type === "base64") return { type, data: source.data, mimeType: source.media_type };
  if (source.type === "url") return { type, url: source.url };
  if (source.type === "file") return { type, fileId: source.file_id };
  if (source.type === "text")
    return { type: "text-plain", text: source.data, mimeType: "text/plain" };
  return { type: "non_standard", value: { type, source } };
}

function withOptional(
  target: ContentBlock,
  from: Record<string, unknown>,
  keys: readonly string[],
): ContentBlock {
  for (const key of keys) if (from[key] !== undefined) target[key] = from[key];
  return target;
}
