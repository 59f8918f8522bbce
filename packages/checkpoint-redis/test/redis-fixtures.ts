import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { connect, createServer } from "node:net";
import type { ServiceRequirement } from "@weft/conformance";
import type { Redis } from "ioredis";
import { prefixPatterns } from "../src/keys.ts";

/** The Redis the saver and store tests use: `WEFT_REDIS_URL`, or the machine's default. */
export const REDIS_URL = process.env.WEFT_REDIS_URL ?? "redis://127.0.0.1:6379";

/** What `requireService` checks before the Redis tests run. */
export const REDIS_SERVICE: ServiceRequirement = {
  name: "redis",
  host: new URL(REDIS_URL).hostname || "127.0.0.1",
  port: Number(new URL(REDIS_URL).port || 6379),
  howToStart: "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
};

/** A key prefix no other test uses. */
export function testPrefix(label: string): string {
  return `weft-test:${label}:${randomUUID()}:`;
}

/** Every key under `prefix` (a SCAN of the whole key space: tests only). */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (const pattern of prefixPatterns(prefix)) {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      found.push(...keys);
      cursor = next;
    } while (cursor !== "0");
  }
  return found;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 1000) await client.unlink(...keys.slice(i, i + 1000));
}

/** A redis-server this test started (for passwords, restarts, script flushes). */
export interface PrivateRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>`, with the password when one was set. */
  readonly url: string;
  /** Stops the server (SIGKILL: nothing on disk to flush). */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throw-away `redis-server` on a free port, in memory only, and waits until it
 * accepts connections. Tests that change server state (passwords, `SCRIPT FLUSH`,
 * shutdown) use one instead of the shared Redis.
 */
export async function startPrivateRedis(
  options: { password?: string; port?: number } = {},
): Promise<PrivateRedis> {
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  if (options.password !== undefined) args.push("--requirepass", options.password);
  const child = spawn("redis-server", args, { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let attempt = 0; ; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) break;
    if (attempt > 100) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const auth = options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`;
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
