// A minimal OpenAI-compatible chat completions server for tests: answers each request
// with the next queued reply (non-streaming JSON) and records the request bodies.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubReply {
  content?: string | null;
  tool_calls?: { id: string; name: string; arguments: string }[];
}

export interface OpenAIStub {
  baseURL: string;
  requests: Record<string, any>[];
  replies: StubReply[];
  close(): Promise<void>;
}

export async function startOpenAIStub(): Promise<OpenAIStub> {
  const requests: Record<string, any>[] = [];
  const replies: StubReply[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const parsed = JSON.parse(body || "{}");
      requests.push({ ...parsed, url: req.url, authorization: req.headers.authorization });
      const reply = replies.shift() ?? { content: "(no reply queued)" };
      const message = {
        role: "assistant",
        content: reply.content ?? null,
        ...(reply.tool_calls
          ? {
              tool_calls: reply.tool_calls.map((c) => ({
                id: c.id,
                type: "function",
                function: { name: c.name, arguments: c.arguments },
              })),
            }
          : {}),
      };
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: "chat.completion",
          model: parsed.model,
          choices: [{ index: 0, message, finish_reason: reply.tool_calls ? "tool_calls" : "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    replies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
