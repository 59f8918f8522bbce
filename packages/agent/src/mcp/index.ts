// Public API of @weft/agent/mcp: load tools from MCP servers.
export {};
