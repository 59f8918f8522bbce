import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type ParentRefs,
  reusableRef,
  type SerializerProtocol,
  type ValueRefs,
} from "@weft/checkpoint";
import type { Collection, OptionalUnlessRequiredId } from "mongodb";
import { isDuplicateKeyError } from "./errors.ts";
import { type CheckpointDoc, toBinary, type ValueDoc, valueKey } from "./saver-documents.ts";
import { metadataTerms } from "./saver-metadata.ts";

/** Where a put goes. */
export interface PutPlace {
  threadId: string;
  checkpointNs: string;
  /** The new checkpoint's id. */
  id: string;
  /** Its document's `_id`. */
  key: string;
  parentId: string | undefined;
}

/** The serialized metadata of a put, and its query terms. */
export interface PutMetadata {
  type: string;
  data: Uint8Array;
  terms: string[];
}

/**
 * Serializes the metadata, and derives the `list` filter terms from the decoded copy: the
 * one `list` compares filters against.
 */
export async function serializeMetadata(
  serde: SerializerProtocol,
  metadata: CheckpointMetadata,
): Promise<PutMetadata> {
  const [type, data] = await serde.dumpsTyped(metadata, { context: "checkpoint metadata" });
  const decoded = (await serde.loadsTyped(type, data)) as Record<string, unknown>;
  return { type, data, terms: metadataTerms(decoded) };
}

/**
 * The documents of a put, all serialized before anything is written (a bad value then
 * writes nothing): a value document for each channel whose value changed since `parent`
 * (every channel without one), and the checkpoint document referring to them and to the
 * parent's unchanged values.
 */
export async function putDocuments(
  serde: SerializerProtocol,
  place: PutPlace,
  checkpoint: Checkpoint,
  metadata: PutMetadata,
  newVersions: ChannelVersions,
  parent: ParentRefs | undefined,
): Promise<{ doc: CheckpointDoc; refs: ValueRefs; fresh: ValueDoc[] }> {
  const { threadId, checkpointNs, id } = place;
  const versions = checkpoint.channel_versions;
  const refs: ValueRefs = Object.create(null);
  const fresh: ValueDoc[] = [];
  const channelValues = checkpoint.channel_values;
  for (const channel in channelValues) {
    const value = channelValues[channel];
    if (value === undefined) continue;
    const reused = reusableRef(parent, channel, versions, newVersions);
    if (reused !== undefined) {
      refs[channel] = reused;
      continue;
    }
    const [type, data] = await serde.dumpsTyped(value, { context: `channel "${channel}"` });
    fresh.push({
      _id: valueKey({ threadId, checkpointNs, channel, writerId: id }),
      thread_id: threadId,
      checkpoint_ns: checkpointNs,
      checkpoint_id: id,
      channel,
      type,
      data: toBinary(data),
    });
    refs[channel] = id;
  }
  const doc: CheckpointDoc = {
    _id: place.key,
    thread_id: threadId,
    checkpoint_ns: checkpointNs,
    checkpoint_id: id,
    parent_id: place.parentId ?? null,
    v: checkpoint.v,
    ts: checkpoint.ts,
    versions: JSON.stringify(versions),
    seen: JSON.stringify(checkpoint.versions_seen),
    refs: JSON.stringify(refs),
    metadata_type: metadata.type,
    metadata: toBinary(metadata.data),
    meta_terms: metadata.terms,
  };
  return { doc, refs, fresh };
}

/**
 * Writes value documents, idempotently: inserted in one command (the usual case: a
 * checkpoint id is new), and replaced one by one where a document already exists (a put
 * repeated or retried rewrites the same documents).
 */
export async function writeValues(
  values: Collection<ValueDoc>,
  fresh: readonly ValueDoc[],
): Promise<void> {
  if (fresh.length === 0) return;
  const existing = await insertNew(values, fresh);
  for (const index of existing) {
    const value = fresh[index]!;
    await values.replaceOne({ _id: value._id }, value, { upsert: true });
  }
}

/** Writes the checkpoint document: its commit point. Inserted, or replaced when it exists. */
export async function writeCheckpoint(
  checkpoints: Collection<CheckpointDoc>,
  doc: CheckpointDoc,
): Promise<void> {
  if ((await insertNew(checkpoints, [doc])).length === 0) return;
  await checkpoints.replaceOne({ _id: doc._id }, doc, { upsert: true });
}

/**
 * Inserts documents unordered; returns the positions of those whose `_id` already
 * existed. Any other failure is thrown.
 */
async function insertNew<T extends { _id: string }>(
  collection: Collection<T>,
  docs: readonly T[],
): Promise<number[]> {
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return [];
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
      code?: unknown;
      index?: unknown;
    }[];
    if (list.length === 0) {
      if (docs.length === 1 && isDuplicateKeyError(error)) return [0];
      throw error;
    }
    if (!list.every((e) => e.code === 11000 && typeof e.index === "number")) throw error;
    return list.map((e) => e.index as number);
  }
}
