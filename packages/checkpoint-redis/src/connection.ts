import { createHash } from "node:crypto";
import { CheckpointConfigError } from "@weft/checkpoint";
import { Redis, type RedisOptions } from "ioredis";
import { wrapRedisError } from "./errors.ts";

/** The ioredis client type the saver and store accept. */
export type { Redis, RedisOptions } from "ioredis";

/** A Lua script with its SHA1, run by {@link RedisConnection.run} (EVALSHA, EVAL on `NOSCRIPT`). */
export interface LuaScript {
  /** Shown in error messages. */
  readonly name: string;
  readonly lua: string;
  readonly sha: string;
}

/** Defines a Lua script once (at module load); its SHA1 is computed here. */
export function luaScript(name: string, lua: string): LuaScript {
  return { name, lua, sha: createHash("sha1").update(lua).digest("hex") };
}

/** A reply of a command or script run with binary-safe replies: bulk strings come back as Buffers. */
export type BinaryReply = Buffer | number | null | BinaryReply[];

/** An argument of a command or script. */
export type Arg = string | Buffer | number;

/**
 * Commands gathered to be sent together in one round trip ({@link RedisConnection.batch}).
 * They run in order on the server, but not as a transaction: each succeeds or fails alone.
 */
export interface Batch {
  /** Queues a command; its reply comes back with strings as Buffers. */
  call(command: string, ...args: Arg[]): void;
  /** Queues a script run (EVALSHA; re-run with EVAL if the server lost the script). */
  run(script: LuaScript, keys: readonly string[], args: readonly Arg[]): void;
}

/** How long ioredis waits between reconnection attempts once a connection was made. */
function reconnectDelay(attempt: number): number {
  return Math.min(attempt * 100, 2_000);
}

/**
 * One connection to Redis as the saver and the store use it: an ioredis client, the
 * address errors name, and ownership (a client passed in stays the caller's to close).
 * Every call goes through {@link call}, {@link run} or {@link batch}, which turn driver
 * errors into {@link RedisDatabaseError}.
 *
 * After the first connection, ioredis reconnects by itself when the connection drops:
 * commands issued meanwhile wait in its offline queue, and commands that were sent but
 * not answered are sent again. Every script Weft runs is idempotent, so a command that
 * ran before the drop and runs again after it changes nothing more. A command that still
 * cannot be sent after ioredis's retries fails with an `unreachable` error, never silently.
 *
 * @example
 * const connection = await RedisConnection.fromUrl("redis://127.0.0.1:6379/0");
 * const saver = new RedisSaver({ connection });
 */
export class RedisConnection {
  /** The ioredis client; usable for your own commands. */
  readonly client: Redis;
  /** `host:port` (or the socket path) of the server, for messages; never a password. */
  readonly address: string;
  private readonly owned: boolean;

  /**
   * Wraps a client. With `owned`, {@link close} disconnects it; otherwise it stays the
   * caller's (the usual case for `new RedisConnection(client)`).
   */
  constructor(client: Redis, options: { owned?: boolean } = {}) {
    this.client = client;
    this.address = describeAddress(client.options);
    this.owned = options.owned ?? false;
  }

  /**
   * Connects to the server at `url` (`redis://[[user]:password@]host[:port][/db]`, or
   * `rediss://` for TLS) and checks it answers, before returning: an unreachable server
   * or refused credentials fail at once with a clear error instead of ioredis's endless
   * retries. Once connected, dropped connections are re-established automatically.
   * {@link close} disconnects.
   *
   * @param options ioredis options, merged over those parsed from the URL.
   * @throws RedisDatabaseError `SAVER_ERROR` with reason `unreachable` or `auth`, naming the address.
   * @example
   * const connection = await RedisConnection.fromUrl("redis://127.0.0.1:6379");
   */
  static async fromUrl(url: string, options: RedisOptions = {}): Promise<RedisConnection> {
    const keepRetrying = options.retryStrategy ?? reconnectDelay;
    const client = new Redis(url, {
      ...options,
      lazyConnect: true,
      // Fail the first connection at once; reconnect later ones (restored below).
      retryStrategy: () => null,
    });
    const address = describeAddress(client.options);
    let lastError: unknown;
    // Without a listener ioredis prints every connection error to the console.
    client.on("error", (error: unknown) => {
      lastError = error;
    });
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw wrapRedisError(lastError ?? error, "connect", address);
    }
    client.options.retryStrategy = keepRetrying;
    return new RedisConnection(client, { owned: true });
  }

  /** Disconnects, if this connection was opened by {@link fromUrl}; a client passed in stays open. */
  async close(): Promise<void> {
    const client = this.client;
    if (!this.owned || client.status === "end") return;
    // QUIT answers before the socket closes: wait for the end, so that a closed connection is closed.
    const ended = new Promise<void>((resolve) => client.once("end", () => resolve()));
    try {
      await client.quit();
    } catch {
      client.disconnect();
    }
    // (quit changed the status: re-read it through a widened type.)
    if ((client.status as string) !== "end") await ended;
  }

  /**
   * Runs driver calls, turning their errors into {@link RedisDatabaseError}.
   * @param operation Names the caller in error messages (`"put"`, `"search"`...).
   */
  async call<T>(operation: string, run: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await run(this.client);
    } catch (error) {
      throw wrapRedisError(error, operation, this.address);
    }
  }

  /**
   * Runs a Lua script with binary-safe replies: EVALSHA, and EVAL when the server does
   * not have the script (first use, restart, `SCRIPT FLUSH`), which also caches it.
   */
  async run(
    operation: string,
    script: LuaScript,
    keys: readonly string[],
    args: readonly Arg[],
  ): Promise<BinaryReply> {
    return this.call(operation, async (client) => {
      try {
        return (await client.callBuffer("EVALSHA", [
          script.sha,
          keys.length,
          ...keys,
          ...args,
        ])) as BinaryReply;
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return (await client.callBuffer("EVAL", [
          script.lua,
          keys.length,
          ...keys,
          ...args,
        ])) as BinaryReply;
      }
    });
  }

  /**
   * Sends commands and scripts in one round trip and returns their replies in order.
   * Scripts the server lost are re-run with EVAL afterwards (every Weft script is
   * idempotent). The first failing command fails the whole call, after all have run.
   *
   * @example
   * const [count] = await connection.batch("list", (b) => b.call("ZCARD", key));
   */
  async batch(operation: string, build: (batch: Batch) => void): Promise<BinaryReply[]> {
    const commands: { command: string; args: Arg[]; script?: LuaScript }[] = [];
    build({
      call: (command, ...args) => commands.push({ command, args }),
      run: (script, keys, args) =>
        commands.push({
          command: "EVALSHA",
          args: [script.sha, keys.length, ...keys, ...args],
          script,
        }),
    });
    if (commands.length === 0) return [];
    return this.call(operation, async (client) => {
      const pipeline = client.pipeline();
      for (const { command, args } of commands) pipeline.callBuffer(command, args);
      const results = (await pipeline.exec()) ?? [];
      const replies: BinaryReply[] = [];
      for (let i = 0; i < commands.length; i++) {
        const [error, reply] = results[i] ?? [new Error("no reply"), null];
        const { script, args } = commands[i]!;
        if (error !== null && script !== undefined && isNoScript(error)) {
          replies.push(
            (await client.callBuffer("EVAL", [script.lua, ...args.slice(1)])) as BinaryReply,
          );
        } else if (error !== null) {
          throw error;
        } else {
          replies.push(reply as BinaryReply);
        }
      }
      return replies;
    });
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/** `host:port` or the socket path; credentials are never part of it. */
export function describeAddress(options: RedisOptions): string {
  if (options.path !== undefined && options.path !== "") return options.path;
  return `${options.host ?? "127.0.0.1"}:${options.port ?? 6379}`;
}

/**
 * The connection a saver or store works with, from its options: the one given, a
 * client given (stays the caller's), or undefined when neither is (then the caller
 * opens one from a URL).
 *
 * @throws CheckpointConfigError `INVALID_CONFIG` when both are given: which one to use is unclear.
 */
export function connectionFrom(options: {
  connection?: RedisConnection;
  client?: Redis;
}): RedisConnection | undefined {
  if (options.connection !== undefined && options.client !== undefined) {
    throw new CheckpointConfigError(
      "Pass either `connection` or `client` to a Redis saver or store, not both.",
      { field: "connection" },
    );
  }
  if (options.connection !== undefined) return options.connection;
  return options.client === undefined ? undefined : new RedisConnection(options.client);
}
