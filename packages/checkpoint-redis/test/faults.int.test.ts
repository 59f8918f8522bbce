import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Checkpoint,
  emptyCheckpoint,
  type RunnableConfig,
  SerializationError,
  uuid6,
} from "@weft/checkpoint";
import { requireService } from "@weft/conformance";
import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { RedisDatabaseError } from "../src/errors.ts";
import { RedisSaver } from "../src/saver.ts";
import { threadKeys } from "../src/saver-layout.ts";
import {
  deleteKeys,
  keysUnder,
  REDIS_SERVICE,
  REDIS_URL,
  startPrivateRedis,
  testPrefix,
} from "./redis-fixtures.ts";
import { stepsGraph } from "./saver-crash-child.ts";

const here = dirname(fileURLToPath(import.meta.url));

// The service check keeps these tests with the other Redis tests; each test below runs
// its own throw-away redis-server, because it pauses, kills or stops the server.
const redis = await requireService(REDIS_SERVICE);

const thread = (thread_id: string): RunnableConfig => ({ configurable: { thread_id } });
const meta = (step: number) => ({ source: "loop" as const, step, parents: {} });

function checkpointOf(
  values: Record<string, unknown>,
  versions: Record<string, number>,
): Checkpoint {
  return { ...emptyCheckpoint(), id: uuid6(), channel_values: values, channel_versions: versions };
}

/** Resolves once the server holds client `id` blocked (by `CLIENT PAUSE`) on a command. */
async function blocked(admin: Redis, id: number): Promise<void> {
  for (;;) {
    const info = String(await admin.client("LIST", "ID", String(id)));
    if (/ flags=\S*b/.test(info)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.skipIf(!redis.available)("RedisSaver under faults", () => {
  it("keeps the previous checkpoint when the connection drops during a put, then finishes it", async () => {
    const server = await startPrivateRedis();
    const writer = await RedisSaver.fromUrl(server.url);
    const reader = await RedisSaver.fromUrl(server.url);
    const admin = reader.connection.client;
    try {
      const text = "x".repeat(1_000_000);
      const first = await writer.put(
        thread("t"),
        checkpointOf({ text, n: 0 }, { text: 1, n: 1 }),
        meta(0),
        {
          text: 1,
          n: 1,
        },
      );
      const writerId = Number(await writer.connection.client.client("ID"));
      // Hold every write on the server, send the put, and cut its connection while it waits.
      await admin.client("PAUSE", 10_000, "WRITE");
      const put = writer.put(
        first,
        checkpointOf({ text, n: 1, more: "new" }, { text: 1, n: 2, more: 1 }),
        meta(1),
        {
          n: 2,
          more: 1,
        },
      );
      await blocked(admin, writerId);
      expect(await admin.client("KILL", "ID", String(writerId))).toBe(1);
      // Nothing of the interrupted put reached the data: the first checkpoint stands alone.
      const keys = threadKeys(writer.keyPrefix, "t");
      expect(await admin.hlen(keys[3]!)).toBe(1);
      expect(await admin.hlen(keys[6]!)).toBe(2);
      await admin.client("UNPAUSE");
      // ioredis reconnects and sends the put again: it completes, whole.
      const second = await put;
      const latest = await reader.getTuple(thread("t"));
      expect(latest?.config).toEqual(second);
      expect(latest?.checkpoint.channel_values).toEqual({ text, n: 1, more: "new" });
      expect((await reader.getTuple(first))?.checkpoint.channel_values).toEqual({ text, n: 0 });
      expect(await admin.hlen(keys[6]!)).toBe(4);
    } finally {
      await writer.close();
      await reader.close();
      await server.stop();
    }
  });

  it("sends the commands issued while it reconnects, losing none", async () => {
    const server = await startPrivateRedis();
    const saver = await RedisSaver.fromUrl(server.url);
    const admin = await RedisSaver.fromUrl(server.url);
    try {
      const root = await saver.put(thread("t"), checkpointOf({ n: -1 }, { n: 1 }), meta(0), {
        n: 1,
      });
      const id = String(await saver.connection.client.client("ID"));
      await admin.connection.client.client("KILL", "ID", id);
      const configs = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          saver.put(root, checkpointOf({ n: i }, { n: i + 2 }), meta(i), { n: i + 2 }),
        ),
      );
      await Promise.all(
        configs.map((config, i) => saver.putWrites(config, [["n", `w${i}`]], "task")),
      );
      const listed = [];
      for await (const tuple of admin.list(thread("t"))) listed.push(tuple);
      expect(listed).toHaveLength(11);
      for (const [i, config] of configs.entries()) {
        const tuple = await admin.getTuple(config);
        expect(tuple?.checkpoint.channel_values).toEqual({ n: i });
        expect(tuple?.pendingWrites).toEqual([["task", "n", `w${i}`]]);
      }
    } finally {
      await saver.close();
      await admin.close();
      await server.stop();
    }
  });

  it("fails with the address while the server is down, and works again once it is back", async () => {
    const first = await startPrivateRedis();
    const saver = await RedisSaver.fromUrl(first.url, { redis: { maxRetriesPerRequest: 1 } });
    let second: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
    try {
      await saver.put(thread("t"), checkpointOf({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
      await first.stop();
      const error = await saver.getTuple(thread("t")).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RedisDatabaseError);
      expect((error as RedisDatabaseError).reason).toBe("unreachable");
      expect((error as Error).message).toContain(`127.0.0.1:${first.port}`);
      second = await startPrivateRedis({ port: first.port });
      const config = await saver.put(thread("t"), checkpointOf({ a: 2 }, { a: 1 }), meta(0), {
        a: 1,
      });
      expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ a: 2 });
    } finally {
      await saver.close();
      await first.stop();
      await second?.stop();
    }
  });

  it("writes nothing when a value cannot be serialized", async () => {
    const server = await startPrivateRedis();
    const saver = await RedisSaver.fromUrl(server.url);
    try {
      const first = await saver.put(thread("t"), checkpointOf({ a: 1 }, { a: 1 }), meta(0), {
        a: 1,
      });
      await saver.putWrites(first, [["a", 2]], "task");
      const before = (await keysUnder(saver.connection.client, saver.keyPrefix)).sort();
      const snapshot = await saver.connection.client.dump(threadKeys(saver.keyPrefix, "t")[3]!);
      const unserializable = () => "functions are not data";
      const failures = [
        () =>
          saver.put(first, checkpointOf({ a: 1, b: unserializable }, { a: 1, b: 1 }), meta(1), {
            b: 1,
          }),
        () =>
          saver.put(
            thread("other"),
            checkpointOf({ a: 1 }, { a: 1 }),
            { ...meta(0), bad: unserializable },
            { a: 1 },
          ),
        () =>
          saver.putWrites(
            first,
            [
              ["a", 3],
              ["b", unserializable],
            ],
            "task-2",
          ),
      ];
      for (const fail of failures) {
        const error = await fail().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(SerializationError);
      }
      expect((await keysUnder(saver.connection.client, saver.keyPrefix)).sort()).toEqual(before);
      expect(await saver.connection.client.dump(threadKeys(saver.keyPrefix, "t")[3]!)).toEqual(
        snapshot,
      );
      const tuple = await saver.getTuple(thread("t"));
      expect(tuple?.config).toEqual(first);
      expect(tuple?.pendingWrites).toEqual([["task", "a", 2]]);
    } finally {
      await saver.close();
      await server.stop();
    }
  });
});

describe.skipIf(!redis.available)("RedisSaver after a killed process", () => {
  it("keeps the last committed checkpoint, and the run resumes from it", async () => {
    const keyPrefix = testPrefix("crash");
    const child = spawn(
      process.execPath,
      [
        "--conditions=@weft/source",
        join(here, "saver-crash-child.ts"),
        REDIS_URL,
        keyPrefix,
        "write",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        if (stdout.includes("reached write")) resolve();
      });
      child.on("exit", (code) =>
        reject(new Error(`child exited (${code}) before the write step:\n${stdout}\n${stderr}`)),
      );
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(stdout).not.toContain("finished");

    const saver = await RedisSaver.fromUrl(REDIS_URL, { keyPrefix });
    try {
      const config = { configurable: { thread_id: "crash" } };
      const graph = stepsGraph(saver);
      const state = await graph.getState(config);
      // `plan` and `fetch` were committed; `write` was running when the process died.
      expect(state.values.log).toEqual(["start", "plan", "fetch"]);
      expect(state.next).toEqual(["write"]);
      const result = await graph.invoke(null, config);
      expect(result.log).toEqual(["start", "plan", "fetch", "write", "review"]);
      expect((await graph.getState(config)).next).toEqual([]);
    } finally {
      await deleteKeys(saver.connection.client, keyPrefix);
      await saver.close();
    }
  });
});
