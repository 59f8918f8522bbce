import type { RedisConnection } from "./connection.ts";
import { RedisDatabaseError } from "./errors.ts";
import { SAVER_LAYOUT_VERSION, type SaverGlobalKeys, saverKeys } from "./saver-layout.ts";

/** Global index members removed per command. */
const REMOVE_CHUNK = 1000;

/**
 * The saver's keys outside any thread: the index of every checkpoint, the registry of
 * threads by last access, and the layout version. They may live in other cluster slots
 * than the threads, so they are only touched by plain commands, never inside a script.
 */
export class SaverIndexes {
  readonly keys: SaverGlobalKeys;
  readonly connection: RedisConnection;
  readonly keyPrefix: string;

  constructor(connection: RedisConnection, keyPrefix: string) {
    this.connection = connection;
    this.keyPrefix = keyPrefix;
    this.keys = saverKeys(keyPrefix);
  }

  /**
   * Removes a dropped thread's entries from the checkpoint index and, with `unregister`,
   * the thread from the registry (a `put` that restarts the thread keeps it).
   */
  async forget(
    operation: string,
    threadId: string,
    members: readonly string[],
    unregister: boolean,
  ): Promise<void> {
    await this.remove(operation, members);
    if (unregister) {
      await this.connection.call(operation, (client) => client.zrem(this.keys.threads, threadId));
    }
  }

  /** Removes entries from the checkpoint index. */
  async remove(operation: string, members: readonly string[]): Promise<void> {
    if (members.length === 0) return;
    await this.connection.batch(operation, (batch) => {
      for (let i = 0; i < members.length; i += REMOVE_CHUNK) {
        batch.call("ZREM", this.keys.checkpoints, ...members.slice(i, i + REMOVE_CHUNK));
      }
    });
  }

  /** Sets a thread's place in the registry (its last access), if it is registered. */
  async reposition(operation: string, threadId: string, access: string): Promise<void> {
    await this.connection.call(operation, (client) =>
      client.zadd(this.keys.threads, "XX", access, threadId),
    );
  }

  /**
   * Records the layout version under the prefix if none is, and checks the one found.
   * @throws RedisDatabaseError `newer_schema` for a layout this version cannot read.
   */
  async checkLayout(): Promise<void> {
    const found = await this.connection.call("setup", async (client) => {
      await client.set(this.keys.layout, String(SAVER_LAYOUT_VERSION), "NX");
      return client.get(this.keys.layout);
    });
    const version = Number(found);
    if (!Number.isInteger(version) || version > SAVER_LAYOUT_VERSION) {
      const address = this.connection.address;
      throw new RedisDatabaseError(
        "newer_schema",
        `The keys under prefix ${JSON.stringify(this.keyPrefix)} on ${address} use saver ` +
          `layout ${JSON.stringify(found)}; this version of @weft/checkpoint-redis reads ` +
          `layout ${SAVER_LAYOUT_VERSION}. Upgrade it, or use another keyPrefix.`,
        { address, found, supported: SAVER_LAYOUT_VERSION },
      );
    }
  }
}

/** Replies that are lists of bulk strings, as text. */
export function strings(replies: readonly unknown[] | null): string[] {
  return (replies ?? []).map((reply) => String(reply));
}
