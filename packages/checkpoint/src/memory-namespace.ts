import type { ChannelVersions } from "./types.ts";

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
