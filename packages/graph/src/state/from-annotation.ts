import type { BaseChannel } from "../channels/base.ts";
import { InvalidGraphError } from "../errors.ts";
import type { AnnotationRoot, AnnotationSpec } from "./annotation.ts";
import type { StateDefinition } from "./state-definition.ts";

/**
 * Channels of an `Annotation.Root` state. A spec entry is a channel, or a function
 * returning one (so `Annotation<string>` works uncalled, as in the peer).
 *
 * @throws InvalidGraphError `INVALID_GRAPH` for an entry that yields no channel.
 */
export function annotationDefinition(root: AnnotationRoot<AnnotationSpec>): StateDefinition {
  const channels: StateDefinition["channels"] = {};
  for (const [key, entry] of Object.entries(root.spec)) {
    const channel: unknown = typeof entry === "function" ? entry() : entry;
    if (!isChannel(channel)) {
      throw new InvalidGraphError(
        `Annotation field "${key}" must be Annotation<T>(), Annotation<T>({ reducer }) or a channel`,
        { key },
      );
    }
    channels[key] = channel;
  }
  return { channels, keys: Object.keys(channels) };
}

/** Duck-typed so that channels of another installed copy of Weft are accepted too. */
function isChannel(value: unknown): value is BaseChannel {
  const candidate = value as Partial<BaseChannel> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.fromCheckpoint === "function" &&
    typeof candidate.update === "function"
  );
}
