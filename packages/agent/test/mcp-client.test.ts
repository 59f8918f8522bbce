import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { WeftError } from "@weft/checkpoint";
import { ScriptedChatModel, ToolMessage } from "@weft/graph";
import { createReactAgent } from "@weft/graph/prebuilt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { McpClientError, MultiServerMCPClient } from "../src/mcp/index.ts";
import { mcpDemoServer } from "./fixtures/mcp-demo-server.ts";

const serverFile = fileURLToPath(new URL("./fixtures/mcp-demo-server.ts", import.meta.url));
const stdio = {
  transport: "stdio" as const,
  command: process.execPath,
  args: [serverFile],
  stderr: "ignore" as const,
};

/** Serves the demo server over Streamable HTTP, one stateless server per request. */
async function startHttpServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const http: HttpServer = createServer(async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close());
    await mcpDemoServer(req.headers).connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

function call(name: string, args: Record<string, unknown> = {}) {
  return { type: "tool_call" as const, id: `call_${name}`, name, args };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("MultiServerMCPClient", () => {
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  const clients: MultiServerMCPClient[] = [];
  const client = (config: ConstructorParameters<typeof MultiServerMCPClient>[0]) => {
    const made = new MultiServerMCPClient(config);
    clients.push(made);
    return made;
  };
  beforeAll(async () => {
    http = await startHttpServer();
  });
  afterAll(() => http.close());
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((made) => made.close()));
  });

  it("loads a stdio server's tools with their JSON Schemas and calls them", async () => {
    const tools = await client({ math: stdio }).getTools();
    expect(tools.map((t) => t.name)).toEqual([
      "add",
      "multiply",
      "divide",
      "pid",
      "exit",
      "chart",
      "whoami",
    ]);
    const add = tools[0]!;
    expect(add.description).toBe("Add two numbers");
    expect(add.jsonSchema).toMatchObject({ type: "object", required: ["a", "b"] });
    const message = (await add.invoke(call("add", { a: 3, b: 5 }))) as ToolMessage;
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message.content).toBe("8");
    expect(message.tool_call_id).toBe("call_add");
  });

  it("starts a stdio server once, reopens it after it exits, and stops it on close", async () => {
    const mcp = client({ math: stdio });
    const byName = Object.fromEntries((await mcp.getTools()).map((t) => [t.name, t]));
    const pidOf = async () =>
      Number(((await byName.pid!.invoke(call("pid"))) as ToolMessage).content);
    const first = await pidOf();
    expect(await pidOf()).toBe(first);
    await byName.exit!.invoke(call("exit"));
    await expect.poll(() => alive(first)).toBe(false);
    const second = await pidOf();
    expect(second).not.toBe(first);
    await mcp.close();
    await expect.poll(() => alive(second)).toBe(false);
  });

  it("turns a tool's isError result into a TOOL_ERROR the agent can report", async () => {
    const tools = await client({ math: stdio }).getTools();
    const divide = tools.find((t) => t.name === "divide")!;
    const failure = divide.invoke(call("divide", { a: 1, b: 0 }));
    await expect(failure).rejects.toBeInstanceOf(McpClientError);
    await expect(failure).rejects.toMatchObject({
      code: "TOOL_ERROR",
      reason: "tool_error",
      server: "math",
      message: expect.stringContaining("division by zero"),
    });
  });

  it("talks Streamable HTTP with the configured headers", async () => {
    const mcp = client({
      mcpServers: {
        remote: { transport: "http", url: http.url, headers: { "x-api-key": "k-123" } },
      },
      prefixToolNameWithServerName: true,
    });
    const tools = await mcp.getTools();
    expect(tools.map((t) => t.name)).toContain("remote__whoami");
    const whoami = tools.find((t) => t.name === "remote__whoami")!;
    expect(((await whoami.invoke(call("remote__whoami"))) as ToolMessage).content).toBe("k-123");
    const multiply = tools.find((t) => t.name === "remote__multiply")!;
    expect(((await multiply.invoke(call("m", { a: 6, b: 7 }))) as ToolMessage).content).toBe("42");
  });

  it("infers the transport from `url` / `command` and prefixes names on request", async () => {
    const mcp = client({
      mcpServers: {
        local: { command: process.execPath, args: [serverFile], stderr: "ignore" },
        web: { url: http.url },
      },
      additionalToolNamePrefix: "mcp",
      prefixToolNameWithServerName: true,
    });
    const names = (await mcp.getTools("web", "local")).map((t) => t.name);
    expect(names.slice(0, 2)).toEqual(["mcp__web__add", "mcp__web__multiply"]);
    expect(names).toContain("mcp__local__add");
  });

  it("keeps images as content blocks and resources and structured content as the artifact", async () => {
    const tools = await client({ math: stdio }).getTools();
    const chart = tools.find((t) => t.name === "chart")!;
    const message = (await chart.invoke(call("chart"))) as ToolMessage;
    expect(message.content).toEqual([
      { type: "text", text: "sales are up" },
      { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" },
    ]);
    expect(message.artifact).toEqual([
      {
        type: "resource",
        resource: { uri: "file:///sales.csv", mimeType: "text/csv", text: "q,v\n1,2" },
      },
      { type: "mcp_structured_content", data: { trend: "up" } },
    ]);
  });

  it("fails with the server's address when it cannot be reached, or skips it on request", async () => {
    const dead = { url: "http://127.0.0.1:9/mcp" };
    const strict = client({ down: dead, math: stdio });
    const failure = strict.getTools();
    await expect(failure).rejects.toMatchObject({
      code: "TOOL_ERROR",
      reason: "connect",
      server: "down",
    });
    await expect(failure).rejects.toThrow("http://127.0.0.1:9/mcp");

    const lenient = client({
      mcpServers: { down: dead, math: stdio },
      onConnectionError: "ignore",
    });
    const tools = await lenient.getTools();
    expect(tools.map((t) => t.name)).toContain("add");
    expect(lenient.failedServers).toEqual(["down"]);
    expect(await lenient.getClient("down")).toBeUndefined();
  });

  it("rejects a bad config when made, naming the server", () => {
    expect(() => new MultiServerMCPClient({ broken: { transport: "stdio" } as never })).toThrow(
      /MCP server "broken": a stdio connection needs `command`/,
    );
    expect(
      () => new MultiServerMCPClient({ odd: { transport: "carrier-pigeon", url: "x" } as never }),
    ).toThrow(WeftError);
    expect(() => new MultiServerMCPClient({ web: { url: "not a url" } })).toThrow(/valid `url`/);
  });

  it("rejects an unknown server name", async () => {
    await expect(client({ math: stdio }).getTools("nope")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("gives an agent MCP tools it can call", async () => {
    const tools = await client({ math: stdio }).getTools();
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "add", args: { a: 3, b: 5 } }] },
        { toolCalls: [{ name: "multiply", args: { a: 8, b: 12 } }] },
        ({ messages }) => `The answer is ${messages.at(-1)?.text}.`,
      ],
    });
    const agent = createReactAgent({ llm: model, tools });
    const result = await agent.invoke({
      messages: [{ role: "user", content: "what's (3 + 5) x 12?" }],
    });
    expect(result.messages.at(-1)?.text).toBe("The answer is 96.");
    const toolAnswers = result.messages.filter((m) => m.getType() === "tool").map((m) => m.text);
    expect(toolAnswers).toEqual(["8", "96"]);
  });
});
