import { checkpointConfig } from "./config.ts";
import type { SerializerProtocol } from "./serde/protocol.ts";
import type {
  ChannelVersions,
  CheckpointMetadata,
  CheckpointPendingWrite,
  CheckpointTuple,
} from "./types.ts";

/** A value as a serializer wrote it: its type tag and its text or bytes. */
export interface SerializedValue {
  type: string;
  data: Uint8Array | string;
}

/**
 * A checkpoint as a saver reads it back, still serialized: what every backend hands to
 * {@link decodeStoredTuple}, whatever its rows, hashes or documents look like.
 */
export interface StoredTuple {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  /** The parent checkpoint's id; none for the first checkpoint of a thread. */
  parentId?: string | null;
  v: number;
  ts: string;
  /** Fresh objects: the tuple takes them as they are. */
  channelVersions: ChannelVersions;
  versionsSeen: Record<string, ChannelVersions>;
  /** The checkpoint's channel values by channel, in channel order. */
  values: Iterable<readonly [channel: string, value: SerializedValue]>;
  /** Its pending writes, in the order they were made. */
  writes: Iterable<readonly [taskId: string, channel: string, value: SerializedValue]>;
  metadata: SerializedValue;
}

/**
 * Turns a stored checkpoint back into a tuple, decoding values, writes and metadata with
 * `serde`. The one decoding path of every saver, so that how stored values become channel
 * values (and, later, how stored deltas are put back together) is written once.
 *
 * @param metadata the metadata when the caller decoded it already (`list` filters on it).
 */
export async function decodeStoredTuple(
  serde: SerializerProtocol,
  stored: StoredTuple,
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const values: Record<string, unknown> = {};
  for (const [channel, value] of stored.values) {
    // A channel named "__proto__" is data, not the prototype.
    Object.defineProperty(values, channel, {
      value: await serde.loadsTyped(value.type, value.data),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const pendingWrites: CheckpointPendingWrite[] = [];
  for (const [taskId, channel, value] of stored.writes) {
    pendingWrites.push([taskId, channel, await serde.loadsTyped(value.type, value.data)]);
  }
  const { threadId, checkpointNs, checkpointId, parentId } = stored;
  const tuple: CheckpointTuple = {
    config: checkpointConfig(threadId, checkpointNs, checkpointId),
    checkpoint: {
      v: stored.v,
      id: checkpointId,
      ts: stored.ts,
      channel_values: values,
      channel_versions: stored.channelVersions,
      versions_seen: stored.versionsSeen,
    },
    metadata: metadata ?? (await decodeStoredMetadata(serde, stored.metadata)),
    pendingWrites,
  };
  if (parentId !== undefined && parentId !== null) {
    tuple.parentConfig = checkpointConfig(threadId, checkpointNs, parentId);
  }
  return tuple;
}

/** Decodes stored checkpoint metadata. */
export async function decodeStoredMetadata(
  serde: SerializerProtocol,
  metadata: SerializedValue,
): Promise<CheckpointMetadata> {
  return (await serde.loadsTyped(metadata.type, metadata.data)) as CheckpointMetadata;
}
