import type { PruneResult, PruneRule, SweepResult } from "@weft/checkpoint";
import type { SaverIndexes } from "./saver-indexes.ts";
import { strings } from "./saver-indexes.ts";
import {
  checkpointField,
  globalMember,
  globalMembersOf,
  SEP,
  THREAD_KEY_PARTS,
  threadKeys,
} from "./saver-layout.ts";
import { DELETE_CHECKPOINTS, EXPIRE_THREAD } from "./scripts/saver-delete.ts";

/** Threads handled per round trip by `sweep` and `prune`. */
const THREAD_PAGE = 100;
const CP = THREAD_KEY_PARTS.indexOf("cp");
const NS = THREAD_KEY_PARTS.indexOf("ns");

/**
 * Prunes the given threads, or every registered thread, by `rule`. Reads only index
 * members, plus the creation times of candidates when `olderThan` is given.
 */
export async function pruneThreads(
  indexes: SaverIndexes,
  rule: PruneRule,
  threadIds: readonly string[] | undefined,
): Promise<PruneResult> {
  const total: PruneResult = { checkpoints: 0, writes: 0 };
  const pruneAll = async (batch: readonly string[]) => {
    for (const threadId of batch) {
      const removed = await pruneThread(indexes, rule, threadId);
      total.checkpoints += removed.checkpoints;
      total.writes += removed.writes;
    }
  };
  if (threadIds !== undefined) {
    await pruneAll(threadIds);
    return total;
  }
  // Pruning never removes a thread, so the registry can be read by position.
  for (let start = 0; ; start += THREAD_PAGE) {
    const page = await indexes.connection.call("prune", (client) =>
      client.zrange(indexes.keys.threads, start, start + THREAD_PAGE - 1),
    );
    await pruneAll(page);
    if (page.length < THREAD_PAGE) return total;
  }
}

/** Prunes one thread: ranks its checkpoints per namespace from its `ns` index. */
async function pruneThread(
  indexes: SaverIndexes,
  rule: PruneRule,
  threadId: string,
): Promise<PruneResult> {
  const keys = threadKeys(indexes.keyPrefix, threadId);
  const members = await indexes.connection.call("prune", (client) =>
    client.zrangebylex(keys[NS]!, "-", "+"),
  );
  const byNamespace = new Map<string, string[]>();
  for (const member of members) {
    const cut = member.indexOf(SEP);
    const ns = member.slice(0, cut);
    const ids = byNamespace.get(ns);
    if (ids === undefined) byNamespace.set(ns, [member.slice(cut + 1)]);
    else ids.push(member.slice(cut + 1));
  }
  const total: PruneResult = { checkpoints: 0, writes: 0 };
  for (const [checkpointNs, ids] of byNamespace) {
    // Oldest first in the index: the candidates are all but the newest keepLast, newest first.
    const candidates = ids.slice(0, Math.max(0, ids.length - rule.keepLast)).reverse();
    if (candidates.length === 0) continue;
    let times: (string | null)[] = candidates.map(() => "");
    if (rule.olderThan !== undefined) {
      const headers = await indexes.connection.call("prune", (client) =>
        client.hmget(keys[CP]!, ...candidates.map((id) => checkpointField(checkpointNs, id))),
      );
      times = headers.map((header) => (header === null ? null : JSON.parse(header).ts));
    }
    const doomed = candidates.filter((_, i) => {
      const ts = times[i];
      return typeof ts === "string" && rule.removes(rule.keepLast + i, ts);
    });
    const removed = await deleteCheckpointsOf(indexes, threadId, checkpointNs, doomed);
    total.checkpoints += removed.checkpoints;
    total.writes += removed.writes;
  }
  return total;
}

/**
 * Deletes checkpoints of one (thread, namespace) with their writes and the values only
 * they used, in one script; never the namespace's newest. Unknown ids are skipped.
 */
export async function deleteCheckpointsOf(
  indexes: SaverIndexes,
  threadId: string,
  checkpointNs: string,
  checkpointIds: readonly string[],
): Promise<PruneResult> {
  if (checkpointIds.length === 0) return { checkpoints: 0, writes: 0 };
  const keys = threadKeys(indexes.keyPrefix, threadId);
  const reply = await indexes.connection.run("prune", DELETE_CHECKPOINTS, keys, [
    checkpointNs,
    ...checkpointIds,
  ]);
  const [deleted, writes] = reply as [Buffer[], number];
  const ids = strings(deleted);
  await indexes.remove(
    "prune",
    ids.map((id) => globalMember(threadId, checkpointNs, id)),
  );
  return { checkpoints: ids.length, writes };
}

/**
 * Deletes the threads last accessed at or before `cutoff`, visiting only registered
 * threads in that score range. Each is checked against its own last access first.
 */
export async function sweepThreads(indexes: SaverIndexes, cutoff: number): Promise<SweepResult> {
  let threads = 0;
  for (;;) {
    const candidates = await indexes.connection.call("sweep", (client) =>
      client.zrangebyscore(indexes.keys.threads, "-inf", cutoff, "LIMIT", 0, THREAD_PAGE),
    );
    if (candidates.length === 0) return { threads };
    const replies = await indexes.connection.batch("sweep", (batch) => {
      for (const threadId of candidates) {
        batch.run(EXPIRE_THREAD, threadKeys(indexes.keyPrefix, threadId), [cutoff]);
      }
    });
    for (let i = 0; i < candidates.length; i++) {
      const threadId = candidates[i]!;
      const [status, dropped, access] = replies[i] as [number, Buffer[], Buffer | null];
      if (status === 2 && access !== null) {
        // Used since the registry was written: move it to its real place, out of range.
        await indexes.reposition("sweep", threadId, access.toString());
        continue;
      }
      if (status === 1) threads++;
      await indexes.forget("sweep", threadId, globalMembersOf(threadId, strings(dropped)), true);
    }
  }
}
