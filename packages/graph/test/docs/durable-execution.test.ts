// Seed 003, "# Durable execution": the callApi graph, first as one node, then with its
// requests wrapped in tasks; durability modes; resuming after a failure. `fetch` goes to a
// local HTTP server instead of www.example.com; `uuid` is `crypto.randomUUID()`.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import {
  END,
  type GraphNode,
  MemorySaver,
  START,
  StateGraph,
  StateSchema,
  task,
} from "../../src/index.ts";

const PAGE = `<!doctype html><html><head><title>Example Domain</title></head><body>${"x".repeat(200)}</body></html>`;

let server: Server;
let baseURL = "";
const hits: string[] = [];
/** Paths that answer 503 once before they work. */
const failOnce = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "/";
    hits.push(path);
    if (failOnce.delete(path)) {
      res.writeHead(503).end("unavailable");
      return;
    }
    res.writeHead(200, { "content-type": "text/html" }).end(`${path} ${PAGE}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits.length = 0;
  failOnce.clear();
});

describe("Durable execution: using tasks in nodes", () => {
  it("original: one node calls the API and keeps the first 100 characters", async () => {
    const State = new StateSchema({
      url: z.string(),
      result: z.string().optional(),
    });
    const callApi: GraphNode<typeof State> = async (state) => {
      const response = await fetch(state.url);
      const text = await response.text();
      const result = text.slice(0, 100); // Side-effect
      return {
        result,
      };
    };
    const builder = new StateGraph(State)
      .addNode("callApi", callApi)
      .addEdge(START, "callApi")
      .addEdge("callApi", END);
    const checkpointer = new MemorySaver();
    const graph = builder.compile({ checkpointer });
    const threadId = crypto.randomUUID();
    const config = { configurable: { thread_id: threadId } };

    const url = `${baseURL}/www.example.com`;
    const output = await graph.invoke({ url }, config);
    expect(output.result).toBe(`/www.example.com ${PAGE}`.slice(0, 100));
    expect(output.result).toHaveLength(100);
    expect((await graph.getState(config)).values).toEqual(output);
  });

  it("with task: each request is a task, run in parallel, results in order", async () => {
    const State = new StateSchema({
      urls: z.array(z.string()),
      results: z.array(z.string()).optional(),
    });
    const makeRequest = task("makeRequest", async (url: string) => {
      const response = await fetch(url);
      const text = await response.text();
      return text.slice(0, 100);
    });
    const callApi: GraphNode<typeof State> = async (state) => {
      const requests = state.urls.map((url) => makeRequest(url));
      const results = await Promise.all(requests);
      return {
        results,
      };
    };
    const builder = new StateGraph(State)
      .addNode("callApi", callApi)
      .addEdge(START, "callApi")
      .addEdge("callApi", END);
    const checkpointer = new MemorySaver();
    const graph = builder.compile({ checkpointer });
    const config = { configurable: { thread_id: crypto.randomUUID() } };

    const urls = [`${baseURL}/a`, `${baseURL}/b`];
    const output = await graph.invoke({ urls }, config);
    expect(output.results).toEqual([`/a ${PAGE}`.slice(0, 100), `/b ${PAGE}`.slice(0, 100)]);
    expect(hits.sort()).toEqual(["/a", "/b"]);
  });

  it("resuming after a failure re-runs the node; finished tasks are not repeated", async () => {
    const State = new StateSchema({
      urls: z.array(z.string()),
      results: z.array(z.string()).optional(),
    });
    const makeRequest = task("makeRequest", async (url: string) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
      return (await response.text()).slice(0, 100);
    });
    const callApi: GraphNode<typeof State> = async (state) => {
      const results = await Promise.all(state.urls.map((url) => makeRequest(url)));
      return { results };
    };
    const graph = new StateGraph(State)
      .addNode("callApi", callApi)
      .addEdge(START, "callApi")
      .addEdge("callApi", END)
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: crypto.randomUUID() } };

    failOnce.add("/flaky");
    const urls = [`${baseURL}/steady`, `${baseURL}/flaky`];
    await expect(graph.invoke({ urls }, config)).rejects.toThrow("HTTP 503");
    expect((await graph.getState(config)).next).toEqual(["callApi"]);

    // Same thread, null input: continue from the last successful checkpoint.
    const output = await graph.invoke(null, config);
    expect(output.results).toEqual([
      `/steady ${PAGE}`.slice(0, 100),
      `/flaky ${PAGE}`.slice(0, 100),
    ]);
    // /steady was fetched once: its task result was saved before the failure.
    expect(hits.filter((path) => path === "/steady")).toHaveLength(1);
    expect(hits.filter((path) => path === "/flaky")).toHaveLength(2);
  });
});

describe("Durable execution: durability modes", () => {
  function pipeline() {
    const State = new StateSchema({ input: z.string(), steps: z.array(z.string()).default([]) });
    return new StateGraph(State)
      .addNode("first", (state) => ({ steps: [...state.steps, "first"] }))
      .addNode("second", (state) => ({ steps: [...state.steps, "second"] }))
      .addEdge(START, "first")
      .addEdge("first", "second")
      .addEdge("second", END)
      .compile({ checkpointer: new MemorySaver() });
  }

  async function historyLength(graph: ReturnType<typeof pipeline>, threadId: string) {
    let count = 0;
    for await (const _ of graph.getStateHistory({ configurable: { thread_id: threadId } })) count++;
    return count;
  }

  it('"sync" and "async" save every step; "exit" saves only the end', async () => {
    const graph = pipeline();
    for (const durability of ["sync", "async", "exit"] as const) {
      const chunks: unknown[] = [];
      for await (const chunk of await graph.stream(
        { input: "test" },
        { durability, configurable: { thread_id: durability } },
      )) {
        chunks.push(chunk);
      }
      expect(chunks).toEqual([
        { first: { steps: ["first"] } },
        { second: { steps: ["first", "second"] } },
      ]);
      const state = await graph.getState({ configurable: { thread_id: durability } });
      expect(state.values).toEqual({ input: "test", steps: ["first", "second"] });
    }
    expect(await historyLength(graph, "sync")).toBe(4);
    expect(await historyLength(graph, "async")).toBe(4);
    expect(await historyLength(graph, "exit")).toBe(1);
  });

  it('"exit" still saves when the run fails, so it can be resumed', async () => {
    const State = new StateSchema({ steps: z.array(z.string()).default([]) });
    let failures = 1;
    const graph = new StateGraph(State)
      .addNode("first", (state) => ({ steps: [...state.steps, "first"] }))
      .addNode("second", (state) => {
        if (failures-- > 0) throw new Error("provider outage");
        return { steps: [...state.steps, "second"] };
      })
      .addEdge(START, "first")
      .addEdge("first", "second")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "exit-fail" }, durability: "exit" as const };
    await expect(graph.invoke({}, config)).rejects.toThrow("provider outage");
    const saved = await graph.getState(config);
    expect(saved.values).toEqual({ steps: ["first"] });
    expect(saved.next).toEqual(["second"]);
    expect(await graph.invoke(null, config)).toEqual({ steps: ["first", "second"] });
  });
});
