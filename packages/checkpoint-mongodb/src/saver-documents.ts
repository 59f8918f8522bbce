import {
  type CheckpointMetadata,
  type CheckpointTuple,
  decodeStoredMetadata,
  decodeStoredTuple,
  plainBytes,
  type SerializerProtocol,
  type StoredTuple,
  type ValueRefs,
} from "@weft/checkpoint";
import { Binary } from "mongodb";

// Documents hold only strings, numbers, Binary and flat string arrays: user data
// (metadata, values, channel names that may contain "." or start with "$") is stored as
// JSON text or bytes, which every MongoDB-compatible server accepts unchanged (FerretDB
// refuses such keys, nested arrays, NaN and Decimal128 in documents).

/** One checkpoint, without its channel values. Its existence is the commit point of a `put`. */
export interface CheckpointDoc {
  /** {@link checkpointKey}: point reads go by `_id`, the one lookup every server indexes. */
  _id: string;
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_id: string | null;
  v: number;
  ts: string;
  /** `channel_versions`, as JSON. */
  versions: string;
  /** `versions_seen`, as JSON. */
  seen: string;
  /** `ValueRefs` as JSON: which checkpoint wrote each channel's current value. */
  refs: string;
  metadata_type: string;
  metadata: Binary;
  /** Queryable digest of the metadata for `list` filters (see `saver-metadata.ts`). */
  meta_terms: string[];
}

/** One channel value, written once by the checkpoint whose id it carries, shared by later ones. */
export interface ValueDoc {
  /** {@link valueKey}. */
  _id: string;
  thread_id: string;
  checkpoint_ns: string;
  /** The checkpoint that wrote this value. */
  checkpoint_id: string;
  channel: string;
  type: string;
  data: Binary;
}

/**
 * The pending writes of one `putWrites` call, attached to a checkpoint. Documents are
 * only ever inserted, each in the next free slot of its checkpoint (the insert of a taken
 * slot fails on `_id`, atomically on every server), so slots count up from 0 without
 * gaps and keep arrival order: readers apply "the first write of a (task, index) wins,
 * except special channels, where the last one does" by walking slots in order. No
 * read-modify-write is needed, which servers without atomic updates (FerretDB) could not do.
 */
export interface WriteDoc {
  /** {@link writeKey}. */
  _id: string;
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  /** The `_id` of the checkpoint the writes belong to, so a page of checkpoints loads its writes in one query. */
  checkpoint_key: string;
  slot: number;
  task_id: string;
  writes: StoredWrite[];
}

/** One write of a {@link WriteDoc}. */
export interface StoredWrite {
  idx: number;
  channel: string;
  type: string;
  data: Binary;
}

/**
 * One step of the list of a (thread, namespace)'s checkpoints, kept only on servers that
 * index nothing but `_id` (see `saver-heads.ts`). Entry `seq` holds the greatest
 * checkpoint id of entries 0..seq; entries are immutable and inserted in slot order.
 */
export interface HeadDoc {
  /** {@link headKey}. */
  _id: string;
  thread_id: string;
  checkpoint_ns: string;
  seq: number;
  /** Greatest checkpoint id put so far; absent on the hint document. */
  max_id?: string;
}

/** When a thread was last accessed (epoch ms, by the saver's clock). Kept only with a thread TTL. */
export interface ThreadDoc {
  _id: string;
  touched_at: number;
}

/** A reference to one stored channel value: the unit the value loader fetches in batches. */
export interface ValueRef {
  threadId: string;
  checkpointNs: string;
  channel: string;
  /** Id of the checkpoint that wrote the value. */
  writerId: string;
}

/** `_id` of a checkpoint document. JSON keeps the parts apart whatever characters they hold. */
export function checkpointKey(
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
): string {
  return JSON.stringify([threadId, checkpointNs, checkpointId]);
}

/** `_id` of a value document. */
export function valueKey(ref: ValueRef): string {
  return JSON.stringify([ref.threadId, ref.checkpointNs, ref.writerId, ref.channel]);
}

/** `_id` of the pending-write document in `slot` of a checkpoint. */
export function writeKey(
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
  slot: number,
): string {
  return JSON.stringify([threadId, checkpointNs, checkpointId, slot]);
}

/** `_id` of head entry `seq` of a (thread, namespace), or of its hint document. */
export function headKey(threadId: string, checkpointNs: string, seq: number | "hint"): string {
  return JSON.stringify([threadId, checkpointNs, seq]);
}

/** A pending write as a tuple returns it, still serialized. */
export interface ResolvedWrite {
  task_id: string;
  channel: string;
  type: string;
  data: Binary;
}

/**
 * The pending writes of one checkpoint from its write documents in slot order: each
 * (task, index) once, at the place it first arrived; an ordinary write keeps its first
 * value, a special channel (negative index) the last.
 */
export function resolveWrites(docs: readonly WriteDoc[]): ResolvedWrite[] {
  const out: ResolvedWrite[] = [];
  const seen = new Map<string, number>();
  for (const doc of docs) {
    for (const write of doc.writes) {
      const key = `${doc.task_id}\u0000${write.idx}`;
      const at = seen.get(key);
      const resolved = {
        task_id: doc.task_id,
        channel: write.channel,
        type: write.type,
        data: write.data,
      };
      if (at === undefined) {
        seen.set(key, out.length);
        out.push(resolved);
      } else if (write.idx < 0) {
        out[at] = resolved;
      }
    }
  }
  return out;
}

/** The value references of a checkpoint document, in the order its channels were put. */
export function valueRefs(
  doc: Pick<CheckpointDoc, "thread_id" | "checkpoint_ns" | "refs">,
  refs: ValueRefs = parseRefs(doc),
): ValueRef[] {
  const out: ValueRef[] = [];
  for (const channel in refs) {
    out.push({
      threadId: doc.thread_id,
      checkpointNs: doc.checkpoint_ns,
      channel,
      writerId: refs[channel]!,
    });
  }
  return out;
}

/** The document's `ValueRefs`, as a null-prototype object (channel names are user data). */
export function parseRefs(doc: Pick<CheckpointDoc, "refs">): ValueRefs {
  return Object.assign(Object.create(null), JSON.parse(doc.refs)) as ValueRefs;
}

/** Bytes from the serializer, as the driver stores them. */
export function toBinary(data: Uint8Array): Binary {
  return new Binary(data);
}

/** Bytes as the serializer wants them back: a plain `Uint8Array` (see `plainBytes`). */
export function fromBinary(data: Binary | Uint8Array | string): Uint8Array | string {
  if (typeof data === "string") return data;
  return plainBytes(data instanceof Binary ? data.buffer : data);
}

/** A checkpoint document's metadata, decoded. */
export function decodeMetadata(
  serde: SerializerProtocol,
  doc: CheckpointDoc,
): Promise<CheckpointMetadata> {
  return decodeStoredMetadata(serde, { type: doc.metadata_type, data: fromBinary(doc.metadata) });
}

/**
 * Turns stored documents back into a tuple: fresh objects, values decoded by `serde`.
 * `values` holds at least the documents the checkpoint refers to; `writes` are the
 * checkpoint's own, resolved ({@link resolveWrites}).
 */
export function decodeTuple(
  serde: SerializerProtocol,
  doc: CheckpointDoc,
  values: ReadonlyMap<string, ValueDoc>,
  writes: readonly ResolvedWrite[],
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> {
  const channelValues: [string, { type: string; data: Uint8Array | string }][] = [];
  for (const ref of valueRefs(doc)) {
    const stored = values.get(valueKey(ref));
    if (stored !== undefined) {
      channelValues.push([ref.channel, { type: stored.type, data: fromBinary(stored.data) }]);
    }
  }
  const stored: StoredTuple = {
    threadId: doc.thread_id,
    checkpointNs: doc.checkpoint_ns,
    checkpointId: doc.checkpoint_id,
    parentId: doc.parent_id,
    v: doc.v,
    ts: doc.ts,
    channelVersions: JSON.parse(doc.versions),
    versionsSeen: JSON.parse(doc.seen),
    values: channelValues,
    writes: writes.map(
      (write) =>
        [write.task_id, write.channel, { type: write.type, data: fromBinary(write.data) }] as const,
    ),
    metadata: { type: doc.metadata_type, data: fromBinary(doc.metadata) },
  };
  return decodeStoredTuple(serde, stored, metadata);
}
