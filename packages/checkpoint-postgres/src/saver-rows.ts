import {
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  checkpointConfig,
  plainBytes,
  type SerializerProtocol,
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
export async function decodeTuple(
  serde: SerializerProtocol,
  row: CheckpointRow,
  values: Map<string, StoredValue>,
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const channelValues: Record<string, unknown> = {};
  for (const ref of rowRefs(row)) {
    const stored = values.get(valueKey(ref.threadId, ref.checkpointNs, ref.channel, ref.writerId));
    if (stored === undefined) continue;
    const value = await serde.loadsTyped(stored.type, stored.data);
    // A channel named "__proto__" is data, not the prototype.
    Object.defineProperty(channelValues, ref.channel, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const pendingWrites: CheckpointPendingWrite[] = [];
  for (const [task, channel, type, data] of row.writes ?? []) {
    const bytes = type === WEFT_JSON_TYPE ? data : plainBytes(Buffer.from(data, "base64"));
    pendingWrites.push([task, channel, await serde.loadsTyped(type, bytes)]);
  }
  const tuple: CheckpointTuple = {
    config: checkpointConfig(row.thread_id, row.checkpoint_ns, row.checkpoint_id),
    checkpoint: {
      v: row.v,
      id: row.checkpoint_id,
      ts: row.ts,
      channel_values: channelValues,
      channel_versions: row.versions,
      versions_seen: row.seen,
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
  const data = row.metadata_text ?? plainBytes(row.metadata_bytes as Uint8Array);
  return (await serde.loadsTyped(row.metadata_type, data)) as CheckpointMetadata;
}
