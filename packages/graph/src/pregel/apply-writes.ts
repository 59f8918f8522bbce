import {
  type ChannelVersion,
  type Checkpoint,
  maxChannelVersion,
  type PendingWrite,
  WeftError,
  WRITES_IDX_MAP,
} from "@weft/checkpoint";
import type { BaseChannel } from "../channels/base.ts";
import { InvalidUpdateError } from "../errors.ts";
import { type ChannelKeys, readChannels } from "./read.ts";
import { compareTasks, type PregelTask } from "./task.ts";

/** Produces the version after `current` (the saver's `getNextVersion`). */
export type NextVersion = (current: ChannelVersion | undefined) => ChannelVersion;

/**
 * Applies the writes of one superstep's tasks to the channels and bumps the
 * versions of the channels that changed. `expiring` lists the channels that may
 * hold a value from the previous step ("all" after loading a checkpoint). Mutates `checkpoint.channel_versions`
 * and `checkpoint.versions_seen` (inner maps are replaced, never edited, so
 * snapshots taken earlier stay valid). Returns the channels that were updated;
 * `touched` also collects the channels that changed in any other way.
 */
export function applyWrites(
  checkpoint: Checkpoint,
  channels: Record<string, BaseChannel>,
  tasks: readonly PregelTask[],
  nextVersion: NextVersion,
  expiring: Iterable<string> | "all" = "all",
  touched?: Set<string>,
): Set<string> {
  const ordered = tasks.length > 1 ? [...tasks].sort(compareTasks) : tasks;
  const versions = checkpoint.channel_versions;

  // Record what each task saw, so the same inputs do not trigger it again.
  for (const task of ordered) {
    if (task.triggers.length === 0) continue;
    const seen = { ...checkpoint.versions_seen[task.name] };
    for (const ch of task.triggers) {
      const v = versions[ch];
      if (v !== undefined) seen[ch] = v;
    }
    checkpoint.versions_seen[task.name] = seen;
  }

  const next = nextVersion(highestVersion(checkpoint));
  for (const task of ordered) {
    for (const ch of task.triggers) {
      if (channels[ch]?.consume()) {
        versions[ch] = next;
        touched?.add(ch);
      }
    }
  }

  const grouped = new Map<string, unknown[]>();
  for (const task of ordered) groupWrites(task.writes, channels, grouped);

  const updated = new Set<string>();
  for (const [ch, values] of grouped) {
    if (updateChannel(ch, channels[ch]!, values)) {
      versions[ch] = next;
      updated.add(ch);
      touched?.add(ch);
    }
  }

  // The other channels learn that a step passed, so ephemeral values expire. Only a
  // channel written in the previous step can hold such a value; `expiring` names those.
  if (ordered.length > 0) {
    const candidates = expiring === "all" ? Object.keys(channels) : expiring;
    for (const ch of candidates) {
      if (!grouped.has(ch) && channels[ch]?.update(EMPTY)) {
        touched?.add(ch);
        if (versions[ch] !== undefined) versions[ch] = next;
      }
    }
  }
  return updated;
}

const EMPTY: readonly unknown[] = [];

function updateChannel(name: string, channel: BaseChannel, values: unknown[]): boolean {
  try {
    return channel.update(values);
  } catch (error) {
    // Channels do not know their own key; name it so the user can find the culprit.
    if (WeftError.hasCode(error, "INVALID_CONCURRENT_GRAPH_UPDATE") && !error.details.channel) {
      throw new InvalidUpdateError(
        `State key "${name}": ${error.message}`,
        "INVALID_CONCURRENT_GRAPH_UPDATE",
        {
          ...error.details,
          channel: name,
        },
      );
    }
    throw error;
  }
}

/** Calls `finish()` on every channel; bumps those that changed. Returns the changed channels. */
export function finishChannels(
  checkpoint: Checkpoint,
  channels: Record<string, BaseChannel>,
  nextVersion: NextVersion,
  touched?: Set<string>,
): Set<string> {
  const changed = new Set<string>();
  let next: ChannelVersion | undefined;
  for (const ch in channels) {
    if (channels[ch]!.finish()) {
      next ??= nextVersion(highestVersion(checkpoint));
      checkpoint.channel_versions[ch] = next;
      changed.add(ch);
      touched?.add(ch);
    }
  }
  return changed;
}

/**
 * Adds `writes` to `into`, grouped by channel in order. Writes to channels that do not
 * exist, and to the reserved error/interrupt channels, are left out.
 */
function groupWrites(
  writes: readonly PendingWrite[],
  channels: Record<string, BaseChannel>,
  into: Map<string, unknown[]>,
): Map<string, unknown[]> {
  for (const [ch, value] of writes) {
    if (ch in WRITES_IDX_MAP || channels[ch] === undefined) continue;
    const list = into.get(ch);
    if (list === undefined) into.set(ch, [value]);
    else list.push(value);
  }
  return into;
}

/**
 * The values of `keys` as they would be with `writes` applied, without changing
 * `channels` (only the written channels are copied). Conditional edges route on this.
 */
export function readWithWrites(
  channels: Record<string, BaseChannel>,
  keys: ChannelKeys,
  writes: readonly PendingWrite[],
): Record<string, unknown> {
  const local: Record<string, BaseChannel> = { ...channels };
  for (const [ch, values] of groupWrites(writes, channels, new Map())) {
    const copy = channels[ch]!.copy();
    updateChannel(ch, copy, values);
    local[ch] = copy;
  }
  return readChannels(local, keys) as Record<string, unknown>;
}

/** The newest version in a checkpoint; every channel changed in a step moves past it. */
function highestVersion(checkpoint: Checkpoint): ChannelVersion | undefined {
  return maxChannelVersion(...Object.values(checkpoint.channel_versions));
}
