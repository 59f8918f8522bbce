import {
  type ChannelVersions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  checkpointConfig,
  type SerializerProtocol,
} from "@weft/checkpoint";
import type { BlobRow, CheckpointRow, WriteRow } from "./saver-statements.ts";

/** A checkpoint row with its channel values and pending writes, read in one snapshot. */
export interface LoadedRow {
  row: CheckpointRow;
  blobs: BlobRow[];
  writes: WriteRow[];
}

/** Turns stored rows back into a tuple: fresh objects, values decoded by `serde`. */
export async function decodeTuple(
  serde: SerializerProtocol,
  loaded: LoadedRow,
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const { row, blobs, writes } = loaded;
  const values: Record<string, unknown> = {};
  for (const blob of blobs) {
    const value = await serde.loadsTyped(blob.type, plainBytes(blob.data));
    if (blob.channel === "__proto__")
      Object.defineProperty(values, blob.channel, { value, enumerable: true, writable: true });
    else values[blob.channel] = value;
  }
  const pendingWrites: CheckpointPendingWrite[] = [];
  for (const write of writes) {
    const value = await serde.loadsTyped(write.type, plainBytes(write.data));
    pendingWrites.push([write.task_id, write.channel, value]);
  }
  const tuple: CheckpointTuple = {
    config: checkpointConfig(row.thread_id, row.checkpoint_ns, row.checkpoint_id),
    checkpoint: {
      v: row.v,
      id: row.checkpoint_id,
      ts: row.ts,
      channel_values: values,
      channel_versions: JSON.parse(row.versions),
      versions_seen: JSON.parse(row.seen),
    },
    metadata: metadata ?? (await decodeMetadata(serde, row)),
    pendingWrites,
  };
  if (row.parent_id !== null) {
    tuple.parentConfig = checkpointConfig(row.thread_id, row.checkpoint_ns, row.parent_id);
  }
  return tuple;
}

/** A checkpoint row's metadata, decoded. */
export async function decodeMetadata(
  serde: SerializerProtocol,
  row: CheckpointRow,
): Promise<CheckpointMetadata> {
  return (await serde.loadsTyped(
    row.metadata_type,
    plainBytes(row.metadata),
  )) as CheckpointMetadata;
}

/**
 * The driver returns Node `Buffer`s; serializers may hand raw bytes back as they are
 * (a top-level `Uint8Array` value), so give them a plain `Uint8Array` over the same memory.
 */
function plainBytes(data: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(data) === Uint8Array.prototype
    ? data
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The part of a parent checkpoint a `put` shares values with. */
export interface ParentRefs {
  versions: ChannelVersions;
  /** Channel → id of the checkpoint whose blob holds the value. */
  refs: Record<string, string>;
}

/**
 * The parent's stored value for `channel` when it is still current: the channel is not
 * in `newVersions` and has the same version as in the parent.
 */
export function reusableRef(
  parent: ParentRefs | undefined,
  channel: string,
  versions: ChannelVersions,
  newVersions: ChannelVersions,
): string | undefined {
  if (parent === undefined) return undefined;
  if (Object.hasOwn(newVersions, channel) || !Object.hasOwn(versions, channel)) return undefined;
  if (!Object.hasOwn(parent.versions, channel) || parent.versions[channel] !== versions[channel])
    return undefined;
  return Object.hasOwn(parent.refs, channel) ? parent.refs[channel] : undefined;
}
