import { SAVERS, type SaverEntry } from "../libs/savers.ts";
import { SERVICE_SAVERS } from "../libs/service-savers.ts";
import type { Variant } from "../scenario.ts";

function saverVariant(saver: SaverEntry): Variant {
  const variant: Variant = { id: saver.name, label: saver.label, saver: saver.name };
  if (saver.unavailable) variant.unavailable = saver.unavailable;
  if (saver.sizes) variant.sizes = saver.sizes;
  return variant;
}

/**
 * One variant per embedded saver in `SAVERS`; with `services`, also one per saver on a
 * service (Postgres, Redis, MongoDB).
 */
export function saverVariants(options: { services?: boolean } = {}): Variant[] {
  return [...SAVERS, ...(options.services ? SERVICE_SAVERS : [])].map(saverVariant);
}

/** No checkpointer, then one variant per saver. */
export function noneAndSavers(): Variant[] {
  return [{ id: "none", label: "no checkpointer" }, ...saverVariants()];
}

/**
 * Per saver: the documented messages field on both sides, then the peer's opt-in
 * `MessagesDeltaValue` (Weft keeps its one messages field in both).
 */
export function messagesVariants(): Variant[] {
  return SAVERS.flatMap((saver): Variant[] => [
    { id: saver.name, label: `${saver.label}`, saver: saver.name, messages: "default" },
    {
      id: `${saver.name}-delta`,
      label: `${saver.label}, peer MessagesDeltaValue`,
      saver: saver.name,
      messages: "delta",
    },
  ]);
}
