import type { BaseChannel } from "../channels/base.ts";

/**
 * Which channels make up a graph's output or state: a list of keys (read as an
 * object), or a single channel whose value is the output as it is (the functional
 * API returns whatever the entrypoint returned).
 */
export type ChannelKeys = readonly string[] | string;

/** An object of the given channels' values (empty channels are left out), or one channel's value. */
export function readChannels(
  channels: Record<string, BaseChannel>,
  keys: readonly string[],
): Record<string, unknown>;
export function readChannels(channels: Record<string, BaseChannel>, keys: ChannelKeys): unknown;
export function readChannels(channels: Record<string, BaseChannel>, keys: ChannelKeys): unknown {
  if (typeof keys === "string") {
    const ch = channels[keys];
    return ch?.isAvailable() ? ch.get() : undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const ch = channels[key];
    if (ch?.isAvailable()) out[key] = ch.get();
  }
  return out;
}

/** True when `channel` is one of `keys`. */
export function includesKey(keys: ChannelKeys, channel: string): boolean {
  return typeof keys === "string" ? keys === channel : keys.includes(channel);
}
