import { copyVersionsSeen } from "./checkpoint.ts";
import type { ChannelVersions, PruneResult } from "./types.ts";

/** A serialized value as the serializer returned it. */
export interface StoredBlob {
  type: string;
  data: Uint8Array;
}

/** One pending write, serialized. */
export interface StoredWrite extends StoredBlob {
  taskId: string;
  channel: string;
}

/** A checkpoint without its channel values, which live in {@link MemoryNamespace.blobs}. */
export interface StoredCheckpoint {
  v: number;
  ts: string;
  versions: ChannelVersions;
  seen: Record<string, ChannelVersions>;
  /** Channel → id of the checkpoint whose blob holds the value (null-prototype object). */
  refs: Record<string, string>;
  metadata: StoredBlob;
  parentId: string | undefined;
}

/** Everything `MemorySaver` keeps for one (thread, checkpoint namespace). */
export class MemoryNamespace {
  readonly checkpoints = new Map<string, StoredCheckpoint>();
  /** Checkpoint ids in ascending (= time) order. */
  readonly ids: string[] = [];
  /** Channel values, keyed by {@link blobKey}: stored once, shared by later checkpoints. */
  readonly blobs = new Map<string, StoredBlob>();
  /** Checkpoint id → write key (`taskId`, index) → write. */
  readonly writes = new Map<string, Map<string, StoredWrite>>();

  /** Adds or replaces a checkpoint, keeping {@link ids} sorted. */
  add(id: string, checkpoint: StoredCheckpoint): void {
    if (!this.checkpoints.has(id)) {
      const ids = this.ids;
      // uuid6 ids mostly arrive in order: append; otherwise binary-insert.
      if (ids.length === 0 || ids[ids.length - 1]! < id) ids.push(id);
      else ids.splice(lowerBound(ids, id), 0, id);
    }
    this.checkpoints.set(id, checkpoint);
  }

  /** The newest checkpoint id, if any. */
  latestId(): string | undefined {
    return this.ids[this.ids.length - 1];
  }

  /** Ids older than `before` (all when undefined), newest first. */
  idsNewestFirst(before: string | undefined): string[] {
    const end = before === undefined ? this.ids.length : lowerBound(this.ids, before);
    return this.ids.slice(0, end).reverse();
  }
}

/** Key of a channel value written by checkpoint `writerId`. */
export function blobKey(writerId: string, channel: string): string {
  return `${writerId}\u0000${channel}`;
}

/** Index of the first element of sorted `ids` that is not less than `id`. */
function lowerBound(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Removes checkpoints from one namespace with their writes, then the values no
 * remaining checkpoint refers to. Synchronous, hence atomic for other callers.
 */
export function removeCheckpoints(
  ns: MemoryNamespace,
  checkpointIds: readonly string[],
): PruneResult {
  let checkpoints = 0;
  let writes = 0;
  for (const id of checkpointIds) {
    if (!ns.checkpoints.delete(id)) continue;
    checkpoints++;
    writes += ns.writes.get(id)?.size ?? 0;
    ns.writes.delete(id);
  }
  if (checkpoints === 0) return { checkpoints, writes };
  const ids = ns.ids;
  let kept = 0;
  for (const id of ids) if (ns.checkpoints.has(id)) ids[kept++] = id;
  ids.length = kept;
  const used = new Set<string>();
  for (const stored of ns.checkpoints.values()) {
    for (const channel in stored.refs) used.add(blobKey(stored.refs[channel]!, channel));
  }
  for (const key of ns.blobs.keys()) if (!used.has(key)) ns.blobs.delete(key);
  return { checkpoints, writes };
}

/**
 * `seen` as it will be stored. Stored records are never mutated nor handed out (reads
 * copy them), so a node record equal to the parent's is shared instead of copied, and
 * so is the whole map when nothing changed. Records that differ are copied, keeping
 * the saved checkpoint independent of the caller's objects.
 */
export function storedVersionsSeen(
  seen: Readonly<Record<string, ChannelVersions>>,
  parentSeen: Record<string, ChannelVersions> | undefined,
): Record<string, ChannelVersions> {
  if (parentSeen === undefined) return copyVersionsSeen(seen);
  const stored: Record<string, ChannelVersions> = {};
  const nodes = Object.keys(seen);
  let allShared = true;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    const record = seen[node]!;
    const previous = Object.hasOwn(parentSeen, node) ? parentSeen[node] : undefined;
    if (previous !== undefined && sameVersions(record, previous)) stored[node] = previous;
    else {
      stored[node] = { ...record };
      allShared = false;
    }
  }
  return allShared && nodes.length === Object.keys(parentSeen).length ? parentSeen : stored;
}

function sameVersions(a: Readonly<ChannelVersions>, b: Readonly<ChannelVersions>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (b[key] !== a[key] || !Object.hasOwn(b, key)) return false;
  }
  return true;
}

/**
 * The parent's stored value for `channel` when it is still current: the channel is not
 * in `newVersions` and has the same version as in the parent.
 */
export function reusableRef(
  parent: StoredCheckpoint,
  channel: string,
  versions: ChannelVersions,
  newVersions: ChannelVersions,
): string | undefined {
  if (Object.hasOwn(newVersions, channel) || !Object.hasOwn(versions, channel)) return undefined;
  if (!Object.hasOwn(parent.versions, channel) || parent.versions[channel] !== versions[channel])
    return undefined;
  return parent.refs[channel];
}
