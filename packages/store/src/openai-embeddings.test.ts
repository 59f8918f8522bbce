import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmbeddingsError, OpenAIEmbeddings } from "./openai-embeddings.ts";

interface Seen {
  headers: IncomingMessage["headers"];
  body: { model: string; input: string[]; dimensions?: number; encoding_format?: string };
}

type Handler = (seen: Seen, res: ServerResponse) => void;

/** A fake OpenAI-compatible server: vector of a text = [length, first char code]. */
const fakeVector = (text: string) => [text.length, text.charCodeAt(0) || 0];
const answer: Handler = ({ body }, res) => {
  const data = body.input.map((text, index) => ({
    object: "embedding",
    index,
    embedding: fakeVector(text),
  }));
  // Out of order on purpose: the client must sort by index.
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ object: "list", data: data.reverse(), model: body.model }));
};

let server: Server;
let baseURL: string;
let requests: Seen[] = [];
let handlers: Handler[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const seen = { headers: req.headers, body: JSON.parse(raw) };
      requests.push(seen);
      if (req.url !== "/v1/embeddings" || req.method !== "POST") {
        res.statusCode = 404;
        res.end("not here");
        return;
      }
      (handlers.shift() ?? answer)(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  handlers = [];
});

describe("OpenAIEmbeddings", () => {
  it("posts model, input, dimensions and the API key; keeps input order", async () => {
    const client = new OpenAIEmbeddings({
      baseURL: `${baseURL}/`,
      apiKey: "sk-test",
      model: "m-1",
      dimensions: 2,
    });
    const vectors = await client.embedDocuments(["a", "bb", "ccc"]);
    expect(vectors).toEqual([fakeVector("a"), fakeVector("bb"), fakeVector("ccc")]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.authorization).toBe("Bearer sk-test");
    expect(requests[0]!.body).toEqual({
      model: "m-1",
      input: ["a", "bb", "ccc"],
      dimensions: 2,
      encoding_format: "float",
    });
    expect(await client.embedQuery("zz")).toEqual(fakeVector("zz"));
  });

  it("splits large inputs into batches and makes no request for none", async () => {
    const client = new OpenAIEmbeddings({ baseURL, apiKey: "k", batchSize: 2 });
    const texts = ["a", "b", "c", "d", "e"];
    expect(await client.embedDocuments(texts)).toEqual(texts.map(fakeVector));
    expect(requests.map((r) => r.body.input)).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    requests = [];
    expect(await client.embedDocuments([])).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it("reports the status and body of an error response", async () => {
    handlers.push((_seen, res) => {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { message: "Incorrect API key provided" } }));
    });
    const client = new OpenAIEmbeddings({ baseURL, apiKey: "bad", maxRetries: 0 });
    const error = await client.embedQuery("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingsError);
    expect((error as EmbeddingsError).message).toMatch(/401.*Incorrect API key/);
    expect((error as EmbeddingsError).details).toMatchObject({ status: 401 });
    expect((error as EmbeddingsError).code).toBe("MODEL_AUTHENTICATION");
  });

  it("retries 429 and 5xx answers, then succeeds", async () => {
    handlers.push((_seen, res) => {
      res.statusCode = 429;
      res.setHeader("retry-after", "0");
      res.end("slow down");
    });
    handlers.push((_seen, res) => {
      res.statusCode = 503;
      res.end("busy");
    });
    const client = new OpenAIEmbeddings({ baseURL, maxRetries: 2, retryDelayMs: 1 });
    expect(await client.embedQuery("abc")).toEqual(fakeVector("abc"));
    expect(requests).toHaveLength(3);
  });

  it("gives up after maxRetries", async () => {
    for (let i = 0; i < 3; i++) {
      handlers.push((_seen, res) => {
        res.statusCode = 500;
        res.end("broken");
      });
    }
    const client = new OpenAIEmbeddings({ baseURL, maxRetries: 1, retryDelayMs: 1 });
    await expect(client.embedQuery("x")).rejects.toThrow(/500.*broken/);
    expect(requests).toHaveLength(2);
  });

  it("rejects a response with the wrong number of embeddings", async () => {
    handlers.push((_seen, res) => {
      res.end(JSON.stringify({ data: [] }));
    });
    const client = new OpenAIEmbeddings({ baseURL });
    await expect(client.embedDocuments(["a"])).rejects.toThrow(/0 embeddings for 1 inputs/);
  });

  it("aborts an in-flight request with the caller's signal", async () => {
    const controller = new AbortController();
    // The server never answers; the caller gives up once the request has arrived.
    handlers.push(() => controller.abort(new Error("user cancelled")));
    const client = new OpenAIEmbeddings({ baseURL });
    await expect(client.embedQuery("x", { signal: controller.signal })).rejects.toThrow(
      "user cancelled",
    );
  });

  it("reports an unreachable server clearly", async () => {
    const client = new OpenAIEmbeddings({ baseURL: "http://127.0.0.1:1/v1", maxRetries: 0 });
    await expect(client.embedQuery("x")).rejects.toThrow(/Could not reach the embeddings API/);
  });
});
