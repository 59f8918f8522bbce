import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  checkpointConfig,
  type SerializerProtocol,
} from "@weft/checkpoint";
import { RedisDatabaseError } from "./errors.ts";

/**
 * What the `cp` hash keeps of a checkpoint, as JSON (the Lua scripts read `cv`). Channel
 * values, metadata and the value map live in their own hashes.
 */
export interface CheckpointHeader {
  v: number;
  ts: string;
  /** Parent checkpoint id, or null. */
  p: string | null;
  cv: ChannelVersions;
  vs: Record<string, ChannelVersions>;
}

/** The header of `checkpoint`, as stored. */
export function encodeHeader(checkpoint: Checkpoint, parentId: string | undefined): string {
  const header: CheckpointHeader = {
    v: checkpoint.v,
    ts: checkpoint.ts,
    p: parentId ?? null,
    cv: checkpoint.channel_versions,
    vs: checkpoint.versions_seen,
  };
  return JSON.stringify(header);
}

/** A serialized value: the serializer's type string and bytes. */
export interface StoredValue {
  type: string;
  data: Uint8Array;
}

/**
 * Packs strings and bytes into one binary-safe record: each string as a 4-byte length
 * and its UTF-8, then the bytes. Used for values (`[type]`), metadata (`[type]`) and
 * pending writes (`[task, channel, type]`).
 */
export function packRecord(texts: readonly string[], data: Uint8Array): Buffer {
  const parts: Uint8Array[] = [];
  for (const text of texts) {
    const bytes = Buffer.from(text, "utf8");
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  }
  parts.push(data);
  return Buffer.concat(parts);
}

/**
 * Reads a record written by {@link packRecord} with `count` strings. The bytes come back
 * as a plain `Uint8Array` over the reply's memory (serializers may return them as-is).
 *
 * @throws RedisDatabaseError `driver` for a record that is too short (not written by Weft).
 */
export function unpackRecord(record: Buffer, count: number): { texts: string[]; data: Uint8Array } {
  const texts: string[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 4 > record.length) throw damaged();
    const length = record.readUInt32BE(offset);
    offset += 4;
    if (offset + length > record.length) throw damaged();
    texts.push(record.toString("utf8", offset, offset + length));
    offset += length;
  }
  const data = new Uint8Array(record.buffer, record.byteOffset + offset, record.length - offset);
  return { texts, data };
}

function damaged(): RedisDatabaseError {
  return new RedisDatabaseError(
    "driver",
    "A stored checkpoint record is damaged or was not written by Weft's RedisSaver.",
  );
}

/** A stored value record back as type and bytes. */
export function unpackValue(record: Buffer): StoredValue {
  const { texts, data } = unpackRecord(record, 1);
  return { type: texts[0]!, data };
}

/**
 * One checkpoint as the load script returned it, before its channel values are fetched:
 * address, header, metadata record, value map and pending-write records.
 */
export interface LoadedCheckpoint {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  header: CheckpointHeader;
  metadata: Buffer;
  /** Channel → id of the checkpoint that stored the value. */
  refs: Record<string, string>;
  writes: Buffer[];
}

/** Decodes a checkpoint's metadata. */
export async function decodeMetadata(
  serde: SerializerProtocol,
  loaded: LoadedCheckpoint,
): Promise<CheckpointMetadata> {
  const { type, data } = unpackValue(loaded.metadata);
  return (await serde.loadsTyped(type, data)) as CheckpointMetadata;
}

/**
 * Turns a loaded checkpoint and its fetched values into a tuple: fresh objects, values
 * decoded by `serde`. `values[i]` belongs to the i-th channel of `loaded.refs`.
 */
export async function decodeTuple(
  serde: SerializerProtocol,
  loaded: LoadedCheckpoint,
  values: readonly StoredValue[],
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const { threadId, checkpointNs, checkpointId, header } = loaded;
  const channelValues: Record<string, unknown> = {};
  let i = 0;
  for (const channel in loaded.refs) {
    const { type, data } = values[i++]!;
    const value = await serde.loadsTyped(type, data);
    if (channel === "__proto__") {
      Object.defineProperty(channelValues, channel, { value, enumerable: true, writable: true });
    } else {
      channelValues[channel] = value;
    }
  }
  const pendingWrites: CheckpointPendingWrite[] = [];
  for (const record of loaded.writes) {
    const { texts, data } = unpackRecord(record, 3);
    pendingWrites.push([texts[0]!, texts[1]!, await serde.loadsTyped(texts[2]!, data)]);
  }
  const tuple: CheckpointTuple = {
    config: checkpointConfig(threadId, checkpointNs, checkpointId),
    checkpoint: {
      v: header.v,
      id: checkpointId,
      ts: header.ts,
      channel_values: channelValues,
      channel_versions: header.cv,
      versions_seen: header.vs,
    },
    metadata: metadata ?? (await decodeMetadata(serde, loaded)),
    pendingWrites,
  };
  if (header.p !== null) tuple.parentConfig = checkpointConfig(threadId, checkpointNs, header.p);
  return tuple;
}
