import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { HttpConnection, ResolvedTransport } from "./connections.ts";
import { McpClientError } from "./mcp-error.ts";

/** How this client introduces itself to servers. */
const CLIENT_INFO = { name: "weft-agent", version: "0.0.0" } as const;

/**
 * Opens an MCP session with one server: starts the process or reaches the URL, then runs
 * the protocol's initialize handshake. A Streamable HTTP endpoint that refuses the
 * connection is retried as an HTTP+SSE endpoint when the fallback is on, because many
 * deployed servers still speak only the older protocol.
 *
 * @throws McpClientError `connect`, naming the server and where it was looked for.
 */
export async function openSession(server: string, resolved: ResolvedTransport): Promise<Client> {
  const where = describe(resolved);
  try {
    return await connect(transportFor(resolved));
  } catch (error) {
    if (resolved.kind === "http" && resolved.sseFallback) {
      try {
        return await connect(sseTransport(resolved.connection));
      } catch {
        // Report the Streamable HTTP failure: it is the protocol the user asked for first.
      }
    }
    throw new McpClientError(
      "connect",
      server,
      `Could not connect to MCP server "${server}" (${where}): ${messageOf(error)}`,
      error,
    );
  }
}

async function connect(transport: Transport): Promise<Client> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  try {
    await client.connect(transport);
    return client;
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  }
}

function transportFor(resolved: ResolvedTransport): Transport {
  switch (resolved.kind) {
    case "stdio": {
      const { command, args, env, cwd, stderr } = resolved.connection;
      return new StdioClientTransport({
        command,
        args: args ?? [],
        // The SDK passes only a safe subset of the parent's environment; keep that and add
        // what the user asked for, so PATH still finds `node`/`npx`.
        env: { ...getDefaultEnvironment(), ...env },
        cwd,
        stderr: stderr ?? "inherit",
      });
    }
    case "http":
      return new StreamableHTTPClientTransport(new URL(resolved.connection.url), {
        requestInit: { headers: resolved.connection.headers },
      });
    case "sse":
      return sseTransport(resolved.connection);
  }
}

function sseTransport(connection: HttpConnection): Transport {
  return new SSEClientTransport(new URL(connection.url), {
    requestInit: { headers: connection.headers },
  });
}

function describe(resolved: ResolvedTransport): string {
  if (resolved.kind === "stdio") {
    const { command, args = [] } = resolved.connection;
    return `stdio: ${[command, ...args].join(" ")}`;
  }
  return `${resolved.kind}: ${resolved.connection.url}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
