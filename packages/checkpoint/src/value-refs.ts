import type { ChannelVersions } from "./types.ts";

/**
 * Where a checkpoint's channel values are stored: channel → id of the checkpoint that
 * wrote the value. Database savers store a value once, when its version changes, keyed by
 * the writing checkpoint (not by version: a fork from an old checkpoint reuses version
 * numbers with other values), and later checkpoints point at it.
 */
export type ValueRefs = Record<string, string>;

/** The part of a parent checkpoint a `put` shares values with. */
export interface ParentRefs {
  versions: ChannelVersions;
  /** Channel → id of the checkpoint whose stored value is current. */
  refs: ValueRefs;
}

const SEP = "\u0000";

/**
 * The checkpoints a saver put last, one per (thread, namespace), with what a child shares
 * with them: a graph's next put names that checkpoint as its parent, and finding it here
 * saves reading it back. The put must still check, atomically with its write, that the
 * parent exists; the saver clears the cache whenever it deletes checkpoints itself.
 */
export class RecentParents {
  private readonly entries = new Map<string, ParentRefs & { id: string }>();
  private readonly capacity: number;

  /** @param capacity how many (thread, namespace) pairs to remember; the oldest go first. */
  constructor(capacity = 256) {
    this.capacity = capacity;
  }

  /** The remembered checkpoint `id` of (thread, namespace), if it is the last one put. */
  get(threadId: string, checkpointNs: string, id: string): ParentRefs | undefined {
    const entry = this.entries.get(threadId + SEP + checkpointNs);
    return entry?.id === id ? entry : undefined;
  }

  /** Records the checkpoint just put; `parent` must not be changed afterwards. */
  remember(threadId: string, checkpointNs: string, id: string, parent: ParentRefs): void {
    const key = threadId + SEP + checkpointNs;
    this.entries.delete(key);
    this.entries.set(key, { id, ...parent });
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  /** Forgets everything (after a delete, prune or expiry). */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * The parent's stored value for `channel` when it is still current: the channel is not
 * in `newVersions` and has the same version as in the parent.
 */
export function reusableRef(
  parent: ParentRefs | undefined,
  channel: string,
  versions: ChannelVersions,
  newVersions: ChannelVersions,
): string | undefined {
  if (parent === undefined) return undefined;
  if (Object.hasOwn(newVersions, channel) || !Object.hasOwn(versions, channel)) return undefined;
  if (!Object.hasOwn(parent.versions, channel) || parent.versions[channel] !== versions[channel])
    return undefined;
  return Object.hasOwn(parent.refs, channel) ? parent.refs[channel] : undefined;
}

/**
 * Database drivers return Node `Buffer`s; serializers may hand raw bytes back as they are
 * (a top-level `Uint8Array` value), so give them a plain `Uint8Array` over the same memory.
 */
export function plainBytes(data: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(data) === Uint8Array.prototype
    ? data
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
