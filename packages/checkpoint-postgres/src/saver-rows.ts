import {
  type CheckpointMetadata,
  type CheckpointTuple,
  decodeStoredMetadata,
  decodeStoredTuple,
  plainBytes,
  type SerializedValue,
  type SerializerProtocol,
  type StoredTuple,
  WEFT_JSON_TYPE,
} from "@weft/checkpoint";
import type { PgQueryable } from "./connection.ts";
import type { CheckpointRow, SaverStatements, ValueRow } from "./saver-statements.ts";

/** Where one stored channel value is: (thread, namespace, channel, writing checkpoint). */
export interface ValueRef {
  threadId: string;
  checkpointNs: string;
  channel: string;
  writerId: string;
}

/** A stored value, ready for a serializer: text for Weft JSON, bytes otherwise. */
export interface StoredValue {
  type: string;
  data: Uint8Array | string;
}

const SEP = "\u0000";

/** The key of a {@link ValueRef} in the map {@link fetchValues} returns. */
export function valueKey(thread: string, ns: string, channel: string, writer: string): string {
  return thread + SEP + ns + SEP + channel + SEP + writer;
}

/** Identity of a checkpoint, as one string. */
export function checkpointKey(thread: string, ns: string, id: string): string {
  return thread + SEP + ns + SEP + id;
}

/**
 * Reads a batch of stored channel values in one query, each at most once. The one
 * place values are loaded from, so that storing a value as a delta over an earlier one
 * only has to change how this function resolves a ref. Missing values are absent from
 * the map (their checkpoint was deleted meanwhile).
 */
export async function fetchValues(
  client: PgQueryable,
  sql: SaverStatements,
  refs: Iterable<ValueRef>,
): Promise<Map<string, StoredValue>> {
  const threads: string[] = [];
  const namespaces: string[] = [];
  const channels: string[] = [];
  const writers: string[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = valueKey(ref.threadId, ref.checkpointNs, ref.channel, ref.writerId);
    if (seen.has(key)) continue;
    seen.add(key);
    threads.push(ref.threadId);
    namespaces.push(ref.checkpointNs);
    channels.push(ref.channel);
    writers.push(ref.writerId);
  }
  const found = new Map<string, StoredValue>();
  if (threads.length === 0) return found;
  const { rows } = await client.query<ValueRow>(sql.fetchValues, [
    threads,
    namespaces,
    channels,
    writers,
  ]);
  for (const row of rows) {
    found.set(valueKey(row.thread_id, row.checkpoint_ns, row.channel, row.writer_id), {
      type: row.type,
      data: row.data_text ?? plainBytes(row.data_bytes as Uint8Array),
    });
  }
  return found;
}

/** The value refs of a checkpoint row. */
export function* rowRefs(row: CheckpointRow): Generator<ValueRef> {
  for (const channel in row.refs) {
    yield {
      threadId: row.thread_id,
      checkpointNs: row.checkpoint_ns,
      channel,
      writerId: row.refs[channel] as string,
    };
  }
}

/**
 * Whether every value `row` refers to is in `values`. A missing one means the
 * checkpoint was deleted between reading its row and its values.
 */
export function hasAllValues(row: CheckpointRow, values: Map<string, StoredValue>): boolean {
  for (const ref of rowRefs(row)) {
    if (!values.has(valueKey(ref.threadId, ref.checkpointNs, ref.channel, ref.writerId))) {
      return false;
    }
  }
  return true;
}

/** Turns a stored row and its values back into a tuple: fresh objects, decoded by `serde`. */
export function decodeTuple(
  serde: SerializerProtocol,
  row: CheckpointRow,
  values: Map<string, StoredValue>,
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const channelValues: [string, StoredValue][] = [];
  for (const ref of rowRefs(row)) {
    const stored = values.get(valueKey(ref.threadId, ref.checkpointNs, ref.channel, ref.writerId));
    if (stored !== undefined) channelValues.push([ref.channel, stored]);
  }
  const stored: StoredTuple = {
    threadId: row.thread_id,
    checkpointNs: row.checkpoint_ns,
    checkpointId: row.checkpoint_id,
    parentId: row.parent_id,
    v: row.v,
    ts: row.ts,
    channelVersions: row.versions,
    versionsSeen: row.seen,
    values: channelValues,
    writes: (row.writes ?? []).map(([task, channel, type, data]) => {
      const bytes = type === WEFT_JSON_TYPE ? data : plainBytes(Buffer.from(data, "base64"));
      return [task, channel, { type, data: bytes }] as const;
    }),
    metadata: storedMetadata(row),
  };
  return decodeStoredTuple(serde, stored, metadata);
}

/** A checkpoint row's metadata, decoded. */
export function decodeMetadata(
  serde: SerializerProtocol,
  row: CheckpointRow,
): Promise<CheckpointMetadata> {
  return decodeStoredMetadata(serde, storedMetadata(row));
}

function storedMetadata(row: CheckpointRow): SerializedValue {
  const data = row.metadata_text ?? plainBytes(row.metadata_bytes as Uint8Array);
  return { type: row.metadata_type, data };
}
