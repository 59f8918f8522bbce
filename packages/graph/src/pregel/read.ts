import type { BaseChannel } from "../channels/base.ts";

/** An object of the given channels' values; empty channels are left out. */
export function readChannels(
  channels: Record<string, BaseChannel>,
  keys: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const ch = channels[key];
    if (ch?.isAvailable()) out[key] = ch.get();
  }
  return out;
}
