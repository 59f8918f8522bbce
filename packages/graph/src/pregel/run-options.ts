import { GraphInputError } from "../errors.ts";
import type { Durability, PregelOptions, StreamMode } from "../types.ts";

const STREAM_MODES: ReadonlySet<StreamMode> = new Set([
  "values",
  "updates",
  "custom",
  "debug",
  "tasks",
  "checkpoints",
  "messages",
]);
const DURABILITIES: ReadonlySet<Durability> = new Set(["sync", "async", "exit"]);

/**
 * Checks the per-call options a user can get wrong, so a typo fails loudly
 * instead of silently streaming nothing or looping forever.
 * @throws GraphInputError `INVALID_CONFIG` naming the option and the allowed values.
 */
export function validateRunOptions(options: PregelOptions): void {
  const { recursionLimit, durability, streamMode } = options;
  if (recursionLimit !== undefined && (!Number.isInteger(recursionLimit) || recursionLimit < 1)) {
    throw new GraphInputError(
      "INVALID_CONFIG",
      `recursionLimit must be a positive integer, got ${String(recursionLimit)}.`,
      {
        recursionLimit,
      },
    );
  }
  if (durability !== undefined && !DURABILITIES.has(durability)) {
    throw new GraphInputError(
      "INVALID_CONFIG",
      `durability must be one of ${[...DURABILITIES].join(", ")}, got ${String(durability)}.`,
      {
        durability,
      },
    );
  }
  if (streamMode !== undefined) {
    const modes = Array.isArray(streamMode) ? streamMode : [streamMode];
    for (const mode of modes) {
      if (!STREAM_MODES.has(mode)) {
        throw new GraphInputError(
          "INVALID_CONFIG",
          `Unknown streamMode "${String(mode)}". Use one of: ${[...STREAM_MODES].join(", ")}.`,
          {
            streamMode: mode,
          },
        );
      }
    }
  }
}
