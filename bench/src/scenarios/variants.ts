import { SAVERS } from "../libs/savers.ts";
import type { Variant } from "../scenario.ts";

/** One variant per saver in `SAVERS`. */
export function saverVariants(): Variant[] {
  return SAVERS.map((saver) => ({ id: saver.name, label: saver.label, saver: saver.name }));
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
