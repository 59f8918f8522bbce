import { CheckpointConfigError } from "@weft/checkpoint";
import { globalKey, slotKey } from "./keys.ts";

/**
 * Version of the saver's key layout, stored at `<prefix>saver:layout`. A saver refuses
 * a prefix whose layout is newer than the one it knows.
 */
export const SAVER_LAYOUT_VERSION = 1;

/**
 * The keys of one thread, in the order the saver's Lua scripts receive them (`KEYS[1]`
 * is `meta`...). All share the hash tag `{<prefix>thread:<thread id>}`: one cluster slot.
 *
 * - `meta` hash: `access`, the epoch ms of the last access (thread TTL);
 * - `ids` sorted set of `<checkpoint id>\0<ns>` (every namespace, newest = greatest);
 * - `ns` sorted set of `<ns>\0<checkpoint id>` (one namespace is one lexical range);
 * - `cp` hash `<ns>\0<id>` → header JSON (`v`, `ts`, parent `p`, versions `cv`, seen `vs`);
 * - `md` hash `<ns>\0<id>` → metadata (serializer type + bytes);
 * - `rf` hash `<ns>\0<id>` → JSON map channel → id of the checkpoint that stored its value;
 * - `v` hash `<ns>\0<writer id>\0<channel>` → channel value (type + bytes);
 * - `w` hash `<ns>\0<id>\0<task>\0<index>` → pending write (task, channel, type + bytes);
 * - `wi` sorted set of the same `w` fields: one checkpoint's writes are one lexical range,
 *   ordered by task then index.
 */
export const THREAD_KEY_PARTS = ["meta", "ids", "ns", "cp", "md", "rf", "v", "w", "wi"] as const;

/** The keys of one thread, in {@link THREAD_KEY_PARTS} order. */
export function threadKeys(prefix: string, threadId: string): string[] {
  return THREAD_KEY_PARTS.map((part) => slotKey(prefix, "thread", threadId, part));
}

/** Keys of the saver outside any thread (see {@link saverKeys}). */
export interface SaverGlobalKeys {
  /** Sorted set of {@link globalMember}s: every checkpoint of every thread, for `list({})`. */
  readonly checkpoints: string;
  /** Sorted set thread id → last access (epoch ms): what `sweep` and `prune()` walk. */
  readonly threads: string;
  /** String: the {@link SAVER_LAYOUT_VERSION} that wrote the keys under this prefix. */
  readonly layout: string;
}

/** The saver's keys outside any thread, under `prefix`. */
export function saverKeys(prefix: string): SaverGlobalKeys {
  return {
    checkpoints: globalKey(prefix, "saver", "checkpoints"),
    threads: globalKey(prefix, "saver", "threads"),
    layout: globalKey(prefix, "saver", "layout"),
  };
}

/** Separator inside fields and members; namespaces and checkpoint ids may not contain it. */
export const SEP = "\u0000";

/** Field of a checkpoint in the `cp`, `md` and `rf` hashes; also its member of `ns`. */
export function checkpointField(checkpointNs: string, checkpointId: string): string {
  return checkpointNs + SEP + checkpointId;
}

/** Field of a channel value in the `v` hash: the namespace, the checkpoint that stored it, the channel. */
export function valueField(checkpointNs: string, writerId: string, channel: string): string {
  return checkpointNs + SEP + writerId + SEP + channel;
}

/**
 * Field of a pending write in the `w` hash and member of `wi`. The index is written so
 * that text order is numeric order (special channels have small negative indexes).
 */
export function writeField(
  checkpointNs: string,
  checkpointId: string,
  taskId: string,
  index: number,
): string {
  return checkpointField(checkpointNs, checkpointId) + SEP + taskId + SEP + sortableIndex(index);
}

function sortableIndex(index: number): string {
  return String(index + 1_000_000).padStart(12, "0");
}

/**
 * Member of the global checkpoints index: the id first, so text order is time order,
 * then thread and namespace (JSON, so any characters survive).
 */
export function globalMember(threadId: string, checkpointNs: string, checkpointId: string): string {
  return checkpointId + SEP + JSON.stringify([threadId, checkpointNs]);
}

/** A checkpoint's address, as read back from an index member. */
export interface IndexedCheckpoint {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
}

/** Reads a {@link globalMember}. */
export function parseGlobalMember(member: string): IndexedCheckpoint {
  const cut = member.indexOf(SEP);
  const [threadId, checkpointNs] = JSON.parse(member.slice(cut + 1)) as [string, string];
  return { threadId, checkpointNs, checkpointId: member.slice(0, cut) };
}

/** The global index members of a thread's `ids` members (`<id>\0<ns>`). */
export function globalMembersOf(threadId: string, idsMembers: readonly string[]): string[] {
  return idsMembers.map((member) => {
    const cut = member.indexOf(SEP);
    return globalMember(threadId, member.slice(cut + 1), member.slice(0, cut));
  });
}

/**
 * Checks that a namespace or checkpoint id can be part of a field: the separator would
 * make two addresses collide.
 *
 * @throws CheckpointConfigError `INVALID_CONFIG` when it contains a NUL character.
 */
export function checkAddressPart(value: string, field: string, operation: string): void {
  if (value.includes(SEP)) {
    throw new CheckpointConfigError(
      `RedisSaver ${operation}: ${field} must not contain NUL characters; got ${JSON.stringify(value)}.`,
      { operation, field },
    );
  }
}
