import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WeftError } from "@weft/checkpoint";
import type { StructuredTool } from "@weft/graph";
import { type McpConnection, type ResolvedTransport, resolveTransport } from "./connections.ts";
import { loadMcpTools, type McpToolOptions } from "./mcp-tools.ts";
import { openSession } from "./session.ts";

/** Options of {@link MultiServerMCPClient}, with the servers under `mcpServers`. */
export interface McpClientConfig extends McpToolOptions {
  mcpServers: Record<string, McpConnection>;
  /**
   * `"throw"`: a server that cannot be reached fails `getTools`. `"ignore"`: it is skipped
   * (and reported by {@link MultiServerMCPClient.failedServers}), the others still load.
   * @default "throw"
   */
  onConnectionError?: "throw" | "ignore";
}

/**
 * A client for several MCP servers at once, each reached over stdio (a child process) or
 * HTTP, whose tools an agent can use as its own.
 *
 * One session per server is opened on first use and kept: tool calls reuse it, so a stdio
 * server is started once, not per call. A session whose transport closed (the process
 * exited, the HTTP server restarted) is reopened on the next call. {@link close} ends
 * every session and stops the processes it started.
 *
 * @example
 * const client = new MultiServerMCPClient({
 *   math: { transport: "stdio", command: "node", args: ["./math-server.js"] },
 *   weather: { transport: "http", url: "http://localhost:8000/mcp" },
 * });
 * const agent = createAgent({ model, tools: await client.getTools() });
 * // ...
 * await client.close();
 */
export class MultiServerMCPClient {
  readonly #servers: ReadonlyMap<string, ResolvedTransport>;
  readonly #options: McpClientConfig;
  readonly #sessions = new Map<string, Promise<Client>>();
  readonly #failed = new Set<string>();

  /**
   * @param config the servers by name, or `{ mcpServers, ...options }`.
   * @throws WeftError `INVALID_CONFIG` for a connection without `command`/`url`, or an
   *   unknown transport, naming the server.
   */
  constructor(config: McpClientConfig | Record<string, McpConnection>) {
    const options: McpClientConfig = isClientConfig(config) ? config : { mcpServers: config };
    this.#options = options;
    const servers = new Map<string, ResolvedTransport>();
    for (const [name, connection] of Object.entries(options.mcpServers)) {
      servers.set(name, resolveTransport(name, connection));
    }
    this.#servers = servers;
  }

  /** The server names this client knows. */
  get serverNames(): string[] {
    return [...this.#servers.keys()];
  }

  /** Servers skipped because they could not be reached (`onConnectionError: "ignore"`). */
  get failedServers(): string[] {
    return [...this.#failed];
  }

  /**
   * Connects to every server now rather than on first use, and returns each one's tools.
   *
   * @throws McpClientError `connect` / `list_tools` (unless `onConnectionError: "ignore"`).
   */
  async initializeConnections(): Promise<Record<string, StructuredTool[]>> {
    const entries = await Promise.all(
      this.serverNames.map(async (name) => [name, await this.#toolsOf(name)] as const),
    );
    return Object.fromEntries(entries);
  }

  /**
   * The tools of the named servers (all servers when none is named), in server order.
   *
   * @throws WeftError `INVALID_INPUT` for a server name the client does not know.
   * @throws McpClientError `connect` / `list_tools` (see {@link McpClientConfig}).
   */
  async getTools(...servers: string[]): Promise<StructuredTool[]> {
    const names = servers.length > 0 ? servers : this.serverNames;
    for (const name of names) this.#check(name);
    const lists = await Promise.all(names.map((name) => this.#toolsOf(name)));
    return lists.flat();
  }

  /**
   * The MCP SDK client of one server, connected, for what tools do not cover (prompts,
   * resources). `undefined` when the server was skipped as unreachable.
   */
  async getClient(server: string): Promise<Client | undefined> {
    this.#check(server);
    try {
      return await this.#session(server);
    } catch (error) {
      if (this.#options.onConnectionError === "ignore") return undefined;
      throw error;
    }
  }

  /** Ends every session; stdio servers this client started are stopped. */
  async close(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(
      sessions.map(async (session) => {
        const client = await session.catch(() => undefined);
        await client?.close();
      }),
    );
  }

  async #toolsOf(server: string): Promise<StructuredTool[]> {
    try {
      await this.#session(server);
    } catch (error) {
      if (this.#options.onConnectionError === "ignore") {
        this.#failed.add(server);
        return [];
      }
      throw error;
    }
    return loadMcpTools(server, () => this.#session(server), this.#options);
  }

  /** The open session of a server, opening (or reopening) it when needed. */
  #session(server: string): Promise<Client> {
    const open = this.#sessions.get(server);
    if (open !== undefined) return open;
    const resolved = this.#servers.get(server) as ResolvedTransport;
    const session = openSession(server, resolved).then((client) => {
      // Forget a session whose transport closed so the next call reconnects.
      client.onclose = () => {
        if (this.#sessions.get(server) === session) this.#sessions.delete(server);
      };
      this.#failed.delete(server);
      return client;
    });
    // A failed attempt is not cached: the next call tries again.
    session.catch(() => {
      if (this.#sessions.get(server) === session) this.#sessions.delete(server);
    });
    this.#sessions.set(server, session);
    return session;
  }

  #check(server: string): void {
    if (!this.#servers.has(server)) {
      throw new WeftError(
        "INVALID_INPUT",
        `Unknown MCP server "${server}"; this client has: ${this.serverNames.join(", ") || "none"}.`,
        { details: { server } },
      );
    }
  }
}

function isClientConfig(
  config: McpClientConfig | Record<string, McpConnection>,
): config is McpClientConfig {
  const servers = (config as { mcpServers?: unknown }).mcpServers;
  return (
    typeof servers === "object" &&
    servers !== null &&
    !("command" in servers) &&
    !("url" in servers)
  );
}
