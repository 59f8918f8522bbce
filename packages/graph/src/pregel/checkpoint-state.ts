import { CHECKPOINT_VERSION, type Checkpoint } from "@weft/checkpoint";
import type { BaseChannel } from "../channels/base.ts";

/** Fresh channels holding the values of `checkpoint`. */
export function channelsFromCheckpoint(
  specs: Readonly<Record<string, BaseChannel>>,
  checkpoint: Checkpoint,
): Record<string, BaseChannel> {
  const channels: Record<string, BaseChannel> = {};
  const values = checkpoint.channel_values;
  for (const key in specs) {
    channels[key] = specs[key]!.fromCheckpoint(values[key]);
  }
  return channels;
}

/**
 * Refreshes `values` (a checkpoint's `channel_values`) for the channels that
 * changed, so a snapshot need not visit every channel.
 */
export function refreshValues(
  values: Record<string, unknown>,
  channels: Record<string, BaseChannel>,
  changed: Iterable<string>,
): void {
  for (const key of changed) {
    const value = channels[key]?.checkpoint();
    if (value === undefined) delete values[key];
    else values[key] = value;
  }
}

/**
 * A snapshot of a working checkpoint whose `channel_values` is kept current
 * (see {@link refreshValues}): copies one level of each map.
 */
export function copyWorkingCheckpoint(working: Checkpoint, id: string): Checkpoint {
  return {
    v: CHECKPOINT_VERSION,
    id,
    ts: new Date().toISOString(),
    channel_values: { ...working.channel_values },
    channel_versions: { ...working.channel_versions },
    versions_seen: { ...working.versions_seen },
  };
}

/**
 * A snapshot of the working checkpoint with the channels' current values.
 * `versions_seen` is copied one level deep only: its inner maps are never
 * edited in place (see applyWrites), so sharing them is safe.
 */
export function snapshotCheckpoint(
  working: Checkpoint,
  channels: Record<string, BaseChannel>,
  id: string,
): Checkpoint {
  const values: Record<string, unknown> = {};
  for (const key in channels) {
    const value = channels[key]!.checkpoint();
    if (value !== undefined) values[key] = value;
  }
  return {
    v: CHECKPOINT_VERSION,
    id,
    ts: new Date().toISOString(),
    channel_values: values,
    channel_versions: { ...working.channel_versions },
    versions_seen: { ...working.versions_seen },
  };
}
