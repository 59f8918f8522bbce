import { WeftError } from "@weft/checkpoint";

/** Which step of talking to an MCP server failed. */
export type McpFailure = "connect" | "list_tools" | "call_tool" | "tool_error";

/**
 * Talking to an MCP server failed: it could not be reached or started (`connect`), would
 * not list its tools (`list_tools`), a call broke (`call_tool`), or the tool itself
 * reported an error (`tool_error`, the MCP result's `isError`). Inside an agent, the
 * tools node turns it into an error `ToolMessage` so the model can react.
 * Code `TOOL_ERROR`; `details.server` names the server.
 */
export class McpClientError extends WeftError {
  readonly reason: McpFailure;
  readonly server: string;

  constructor(reason: McpFailure, server: string, message: string, cause?: unknown) {
    super("TOOL_ERROR", message, { cause, details: { reason, server } });
    this.reason = reason;
    this.server = server;
  }
}
