// Public API of @weft/agent/mcp: tools from Model Context Protocol servers, for agents.

export type {
  HttpConnection,
  McpConnection,
  StdioConnection,
} from "./connections.ts";
export { McpClientError, type McpFailure } from "./mcp-error.ts";
export { loadMcpTools, type McpToolOptions } from "./mcp-tools.ts";
export { type McpClientConfig, MultiServerMCPClient } from "./multi-server-client.ts";
