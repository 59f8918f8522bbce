import { WeftError } from "@weft/checkpoint";

/** Launches an MCP server as a child process and talks to it over stdin/stdout. */
export interface StdioConnection {
  transport?: "stdio";
  /** Alias of `transport`, accepted because MCP client configs in the wild use it. */
  type?: "stdio";
  command: string;
  args?: string[];
  /** Extra environment; merged over the SDK's safe default environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** What happens to the server's stderr. @default "inherit" */
  stderr?: "inherit" | "ignore" | "pipe";
}

/**
 * Talks to a remote MCP server over HTTP: Streamable HTTP (`"http"`, the current protocol)
 * or the older HTTP+SSE protocol (`"sse"`). Without `transport`, Streamable HTTP is tried
 * first and SSE second, so older servers work too.
 */
export interface HttpConnection {
  transport?: "http" | "streamable_http" | "streamable-http" | "sse";
  type?: "http" | "streamable_http" | "streamable-http" | "sse";
  url: string;
  /** Sent with every request (authorization, API keys...). */
  headers?: Record<string, string>;
  /** Fall back to SSE when Streamable HTTP fails to connect. @default true (when `transport` is unset) */
  automaticSSEFallback?: boolean;
}

/** One MCP server: a local process (`command`) or a remote endpoint (`url`). */
export type McpConnection = StdioConnection | HttpConnection;

/** How the transport of a connection was resolved. */
export type ResolvedTransport =
  | { kind: "stdio"; connection: StdioConnection }
  | { kind: "http"; connection: HttpConnection; sseFallback: boolean }
  | { kind: "sse"; connection: HttpConnection };

/**
 * Decides the transport of a server's connection and checks its fields, so a typo in a
 * config fails when the client is made, naming the server, not at the first tool call.
 *
 * @throws WeftError `INVALID_CONFIG`
 */
export function resolveTransport(server: string, connection: unknown): ResolvedTransport {
  if (typeof connection !== "object" || connection === null) {
    throw invalid(server, "expected an object with `command` (stdio) or `url` (HTTP)");
  }
  const raw = connection as Record<string, unknown>;
  const declared = raw.transport ?? raw.type;
  if (declared === "stdio" || (declared === undefined && "command" in raw)) {
    if (typeof raw.command !== "string" || raw.command === "") {
      throw invalid(server, "a stdio connection needs `command` (the program to start)");
    }
    if (raw.args !== undefined && !isStringArray(raw.args)) {
      throw invalid(server, "`args` must be an array of strings");
    }
    return { kind: "stdio", connection: raw as unknown as StdioConnection };
  }
  if (
    declared === undefined ||
    declared === "http" ||
    declared === "streamable_http" ||
    declared === "streamable-http" ||
    declared === "sse"
  ) {
    if (typeof raw.url !== "string" || !URL.canParse(raw.url)) {
      throw invalid(
        server,
        `an HTTP connection needs a valid \`url\`, got ${JSON.stringify(raw.url)}`,
      );
    }
    const http = raw as unknown as HttpConnection;
    if (declared === "sse") return { kind: "sse", connection: http };
    const sseFallback = http.automaticSSEFallback ?? declared === undefined;
    return { kind: "http", connection: http, sseFallback };
  }
  throw invalid(
    server,
    `unknown transport ${JSON.stringify(declared)} (use "stdio", "http" or "sse")`,
  );
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function invalid(server: string, problem: string): WeftError {
  return new WeftError("INVALID_CONFIG", `MCP server "${server}": ${problem}.`, {
    details: { server },
  });
}
