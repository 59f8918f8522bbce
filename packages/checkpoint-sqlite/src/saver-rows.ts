import {
  type CheckpointMetadata,
  type CheckpointTuple,
  decodeStoredMetadata,
  decodeStoredTuple,
  plainBytes,
  type SerializedValue,
  type SerializerProtocol,
  type StoredTuple,
  type ValueRefs,
} from "@weft/checkpoint";
import {
  type BlobRow,
  type CheckpointRow,
  type Located,
  type StoredValue,
  TupleRowKind,
  type WriteRow,
} from "./saver-statements.ts";

/** A checkpoint row with its channel values and pending writes, read in one snapshot. */
export interface LoadedRow {
  row: CheckpointRow;
  /** In the order of the row's `refs` (the order the channels were put in). */
  blobs: StoredValue[];
  /** In insertion order. */
  writes: WriteRow[];
}

const SEP = "\u0000";

/**
 * One checkpoint's row with its values and writes, from what `selectBlobs` and
 * `selectWrites` returned (in no particular order).
 */
export function assembleRow(
  row: CheckpointRow,
  refs: ValueRefs,
  blobs: BlobRow[],
  writes: WriteRow[],
): LoadedRow {
  const byChannel = new Map<string, BlobRow>();
  for (const blob of blobs) byChannel.set(blob.channel, blob);
  const ordered: StoredValue[] = [];
  for (const channel in refs) {
    const blob = byChannel.get(channel);
    if (blob !== undefined && blob.writer_id === refs[channel]) ordered.push(blob);
  }
  return { row, blobs: ordered, writes: writes.length > 1 ? writes.sort(bySeq) : writes };
}

/**
 * One checkpoint's row with its values and writes, from the raw rows of `selectTuple`;
 * undefined when the checkpoint does not exist.
 */
export function assembleTuple(
  threadId: string,
  checkpointNs: string,
  raw: readonly unknown[][],
): LoadedRow | undefined {
  let row: CheckpointRow | undefined;
  const blobs: BlobRow[] = [];
  const writes: WriteRow[] = [];
  for (const r of raw) {
    switch (r[0]) {
      case TupleRowKind.Checkpoint:
        row = {
          thread_id: threadId,
          checkpoint_ns: checkpointNs,
          checkpoint_id: r[1] as string,
          parent_id: r[2] as string | null,
          v: r[3] as number,
          ts: r[4] as string,
          versions: r[5] as string,
          seen: r[6] as string,
          refs: r[7] as string,
          metadata_type: r[8] as string,
          metadata: r[9] as Uint8Array | string,
        };
        break;
      case TupleRowKind.Value:
        blobs.push({
          writer_id: r[1] as string,
          channel: r[2] as string,
          type: r[3] as string,
          data: r[4] as Uint8Array | string,
        });
        break;
      default:
        writes.push({
          seq: r[1] as number,
          task_id: r[2] as string,
          channel: r[3] as string,
          type: r[4] as string,
          data: r[5] as Uint8Array | string,
        });
    }
  }
  return row === undefined
    ? undefined
    : assembleRow(row, JSON.parse(row.refs) as ValueRefs, blobs, writes);
}

/**
 * The JSON parameters of `pageBlobs` and `pageWrites` for a page of rows: each blob the
 * page refers to once (consecutive checkpoints share most of them), and each checkpoint.
 */
export function pageKeys(
  rows: readonly CheckpointRow[],
  refs: readonly ValueRefs[],
): { blobs: string; checkpoints: string } {
  const blobs = new Map<string, [string, string, string, string]>();
  const checkpoints: [string, string, string][] = [];
  for (let i = 0; i < rows.length; i++) {
    const { thread_id: thread, checkpoint_ns: ns, checkpoint_id: id } = rows[i]!;
    checkpoints.push([thread, ns, id]);
    const rowRefs = refs[i]!;
    for (const channel in rowRefs) {
      const writer = rowRefs[channel]!;
      const key = blobKey(thread, ns, writer, channel);
      if (!blobs.has(key)) blobs.set(key, [thread, ns, writer, channel]);
    }
  }
  return { blobs: JSON.stringify([...blobs.values()]), checkpoints: JSON.stringify(checkpoints) };
}

/**
 * A page of rows with their values and writes, from what `pageBlobs` and `pageWrites`
 * returned for {@link pageKeys}. A value shared by several checkpoints is read once,
 * and its bytes handed to each of them (serializers decode into fresh objects).
 */
export function assemblePage(
  rows: readonly CheckpointRow[],
  refs: readonly ValueRefs[],
  blobs: (BlobRow & Located)[],
  writes: (WriteRow & Located & { checkpoint_id: string })[],
): LoadedRow[] {
  const blobsByKey = new Map<string, BlobRow>();
  for (const blob of blobs) {
    blobsByKey.set(blobKey(blob.thread_id, blob.checkpoint_ns, blob.writer_id, blob.channel), blob);
  }
  const writesByCheckpoint = new Map<string, WriteRow[]>();
  for (const write of writes) {
    const key = checkpointKey(write.thread_id, write.checkpoint_ns, write.checkpoint_id);
    const list = writesByCheckpoint.get(key);
    if (list === undefined) writesByCheckpoint.set(key, [write]);
    else list.push(write);
  }
  return rows.map((row, i) => {
    const { thread_id: thread, checkpoint_ns: ns } = row;
    const rowRefs = refs[i]!;
    const values: StoredValue[] = [];
    for (const channel in rowRefs) {
      const blob = blobsByKey.get(blobKey(thread, ns, rowRefs[channel]!, channel));
      if (blob !== undefined) values.push(blob);
    }
    const rowWrites = writesByCheckpoint.get(checkpointKey(thread, ns, row.checkpoint_id)) ?? [];
    return { row, blobs: values, writes: rowWrites.length > 1 ? rowWrites.sort(bySeq) : rowWrites };
  });
}

/** Identity of a checkpoint, as one string. */
export function checkpointKey(thread: string, ns: string, id: string): string {
  return thread + SEP + ns + SEP + id;
}

function blobKey(thread: string, ns: string, writer: string, channel: string): string {
  return thread + SEP + ns + SEP + writer + SEP + channel;
}

function bySeq(a: WriteRow, b: WriteRow): number {
  return a.seq - b.seq;
}

/** Turns stored rows back into a tuple: fresh objects, values decoded by `serde`. */
export function decodeTuple(
  serde: SerializerProtocol,
  loaded: LoadedRow,
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const { row, blobs, writes } = loaded;
  const stored: StoredTuple = {
    threadId: row.thread_id,
    checkpointNs: row.checkpoint_ns,
    checkpointId: row.checkpoint_id,
    parentId: row.parent_id,
    v: row.v,
    ts: row.ts,
    channelVersions: JSON.parse(row.versions),
    versionsSeen: JSON.parse(row.seen),
    values: blobs.map((blob) => [blob.channel, plainValue(blob)] as const),
    writes: writes.map((write) => [write.task_id, write.channel, plainValue(write)] as const),
    metadata: plainValue({ type: row.metadata_type, data: row.metadata }),
  };
  return decodeStoredTuple(serde, stored, metadata);
}

/** A checkpoint row's metadata, decoded. */
export function decodeMetadata(
  serde: SerializerProtocol,
  row: CheckpointRow,
): Promise<CheckpointMetadata> {
  return decodeStoredMetadata(serde, plainValue({ type: row.metadata_type, data: row.metadata }));
}

/** Text (Weft JSON, read as such) passes through; driver `Buffer`s become plain bytes. */
function plainValue(value: SerializedValue): SerializedValue {
  const { type, data } = value;
  return { type, data: typeof data === "string" ? data : plainBytes(data) };
}
