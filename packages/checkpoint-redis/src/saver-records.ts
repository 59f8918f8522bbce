import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  decodeStoredMetadata,
  decodeStoredTuple,
  type SerializerProtocol,
  type StoredTuple,
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
export function decodeMetadata(
  serde: SerializerProtocol,
  loaded: LoadedCheckpoint,
): Promise<CheckpointMetadata> {
  return decodeStoredMetadata(serde, unpackValue(loaded.metadata));
}

/**
 * Turns a loaded checkpoint and its fetched values into a tuple: fresh objects, values
 * decoded by `serde`. `values[i]` belongs to the i-th channel of `loaded.refs`.
 */
export function decodeTuple(
  serde: SerializerProtocol,
  loaded: LoadedCheckpoint,
  values: readonly StoredValue[],
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const { threadId, checkpointNs, checkpointId, header } = loaded;
  const stored: StoredTuple = {
    threadId,
    checkpointNs,
    checkpointId,
    parentId: header.p,
    v: header.v,
    ts: header.ts,
    channelVersions: header.cv,
    versionsSeen: header.vs,
    values: Object.keys(loaded.refs).map((channel, i) => [channel, values[i]!] as const),
    writes: loaded.writes.map((record) => {
      const { texts, data } = unpackRecord(record, 3);
      return [texts[0]!, texts[1]!, { type: texts[2]!, data }] as const;
    }),
    metadata: unpackValue(loaded.metadata),
  };
  return decodeStoredTuple(serde, stored, metadata);
}
