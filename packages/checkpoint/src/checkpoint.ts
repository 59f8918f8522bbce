import { uuid6 } from "./id.ts";
import type { ChannelVersion, ChannelVersions, Checkpoint } from "./types.ts";

/** Format version of the checkpoints Weft writes (the peer's current format). */
export const CHECKPOINT_VERSION = 4;

/**
 * A checkpoint with no channels: the state of a thread before its first run.
 *
 * @example
 * const checkpoint = emptyCheckpoint(); // { v: 4, id: uuid6(-2), channel_values: {}, ... }
 */
export function emptyCheckpoint(): Checkpoint {
  return {
    v: CHECKPOINT_VERSION,
    id: uuid6(-2),
    ts: new Date().toISOString(),
    channel_values: {},
    channel_versions: {},
    versions_seen: {},
  };
}

/**
 * A copy of `checkpoint` that can be edited without touching the original: the maps are
 * copied (`versions_seen` two levels deep); channel values themselves are shared.
 */
export function copyCheckpoint(checkpoint: Checkpoint): Checkpoint {
  return {
    v: checkpoint.v,
    id: checkpoint.id,
    ts: checkpoint.ts,
    channel_values: { ...checkpoint.channel_values },
    channel_versions: { ...checkpoint.channel_versions },
    versions_seen: copyVersionsSeen(checkpoint.versions_seen),
  };
}

/** A two-level copy of a checkpoint's `versions_seen`. */
export function copyVersionsSeen(
  seen: Readonly<Record<string, ChannelVersions>>,
): Record<string, ChannelVersions> {
  const copy: Record<string, ChannelVersions> = {};
  for (const node in seen) copy[node] = { ...seen[node] };
  return copy;
}

/**
 * The greatest of `versions` (numbers compare as numbers, strings as strings; a
 * number and a string compare by the string's leading number).
 */
export function maxChannelVersion(...versions: ChannelVersion[]): ChannelVersion | undefined {
  let max: ChannelVersion | undefined;
  for (const version of versions) {
    if (max === undefined || compareVersions(version, max) > 0) max = version;
  }
  return max;
}

function compareVersions(a: ChannelVersion, b: ChannelVersion): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === "number" ? a : Number.parseFloat(a);
  const y = typeof b === "number" ? b : Number.parseFloat(b);
  return x - y;
}
