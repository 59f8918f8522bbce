import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StructuredTool } from "@weft/graph";
import { tool } from "@weft/graph";
import { McpClientError } from "./mcp-error.ts";
import { messageOf } from "./session.ts";

/** How MCP tools are named and called. */
export interface McpToolOptions {
  /** Name tools `<server>__<tool>`, so two servers' tools of the same name can coexist. @default false */
  prefixToolNameWithServerName?: boolean;
  /** A prefix put before every tool name (`<prefix>__<tool>`). @default "" */
  additionalToolNamePrefix?: string;
  /** Milliseconds a tool call may take before it fails. @default the SDK's (60 s) */
  defaultToolTimeout?: number;
  /** Fail when a server's tools cannot be listed; otherwise that server contributes none. @default true */
  throwOnLoadError?: boolean;
}

/** The parts of an MCP tool description this adapter reads. */
interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** The fields of an MCP tool result this adapter reads. */
type McpResult = { content?: unknown; isError?: unknown; structuredContent?: unknown };

/** A content block of an MCP tool result. */
type McpContent = { type: string; [key: string]: unknown };

/** Yields a server's tools across pages. */
async function listAllTools(client: Client): Promise<McpTool[]> {
  const tools: McpTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    tools.push(...(page.tools as McpTool[]));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

/**
 * Loads the tools of one connected MCP server as Weft tools, ready for `createAgent`,
 * `ToolNode` or a model's `bindTools`. Arguments are described to the model by the
 * server's JSON Schema; text results become the tool message's content, images and audio
 * become content blocks, and resources (plus any structured content) go to the message's
 * `artifact`, out of the model's context.
 *
 * @throws McpClientError `list_tools` when the server cannot list them (unless
 *   `throwOnLoadError: false`, which yields no tools for that server).
 * @example
 * const tools = await loadMcpTools("math", await client.getClient("math"));
 */
export async function loadMcpTools(
  server: string,
  client: Client | (() => Promise<Client>),
  options: McpToolOptions = {},
): Promise<StructuredTool[]> {
  const session = typeof client === "function" ? client : async () => client;
  let described: McpTool[];
  try {
    described = await listAllTools(await session());
  } catch (error) {
    if (options.throwOnLoadError === false) return [];
    if (error instanceof McpClientError) throw error;
    throw new McpClientError(
      "list_tools",
      server,
      `MCP server "${server}" could not list its tools: ${messageOf(error)}`,
      error,
    );
  }
  const prefix =
    (options.additionalToolNamePrefix ? `${options.additionalToolNamePrefix}__` : "") +
    (options.prefixToolNameWithServerName ? `${server}__` : "");
  return described.map((spec) =>
    tool(
      async (args, runtime) => {
        let result: McpResult;
        try {
          // The SDK's result type also covers a pre-2024 shape ({ toolResult }) no current
          // server sends; read the fields defensively instead.
          result = (await (
            await session()
          ).callTool({ name: spec.name, arguments: args as Record<string, unknown> }, undefined, {
            signal: runtime.signal,
            timeout: options.defaultToolTimeout,
          })) as McpResult;
        } catch (error) {
          if (error instanceof McpClientError) throw error;
          throw new McpClientError(
            "call_tool",
            server,
            `Calling MCP tool "${spec.name}" on server "${server}" failed: ${messageOf(error)}`,
            error,
          );
        }
        return toolOutput(server, spec.name, result);
      },
      {
        name: `${prefix}${spec.name}`,
        description: spec.description ?? "",
        schema: spec.inputSchema,
        responseFormat: "content_and_artifact",
        metadata: { mcpServer: server, mcpTool: spec.name },
      },
    ),
  );
}

/** Splits an MCP result into what the model sees and what stays in the artifact. */
function toolOutput(
  server: string,
  name: string,
  result: McpResult,
): [content: unknown, artifact: unknown[]] {
  const blocks = Array.isArray(result.content) ? (result.content as McpContent[]) : [];
  if (result.isError === true) {
    const text = blocks.flatMap((block) => (block.type === "text" ? [String(block.text)] : []));
    throw new McpClientError(
      "tool_error",
      server,
      `MCP tool "${name}" on server "${server}" returned an error: ${text.join("\n")}`,
    );
  }
  const content: Record<string, unknown>[] = [];
  const artifact: unknown[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text":
        content.push({ type: "text", text: block.text });
        break;
      case "image":
      case "audio":
        content.push({ type: block.type, data: block.data, mimeType: block.mimeType });
        break;
      default:
        // resource, resource_link and future kinds: kept whole for the program, not the model.
        artifact.push(block);
    }
  }
  if (result.structuredContent !== undefined) {
    artifact.push({ type: "mcp_structured_content", data: result.structuredContent });
  }
  const allText = content.every((block) => block.type === "text");
  return [allText ? content.map((block) => block.text).join("\n") : content, artifact];
}
