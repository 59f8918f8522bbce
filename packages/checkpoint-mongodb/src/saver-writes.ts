import { type PendingWrite, type SerializerProtocol, writeIndex } from "@weft/checkpoint";
import type { Collection } from "mongodb";
import { isDuplicateKeyError } from "./errors.ts";
import { type StoredWrite, toBinary, type WriteDoc, writeKey } from "./saver-documents.ts";
import type { PositionCache } from "./saver-heads.ts";

/** The checkpoint a `putWrites` attaches to. */
export interface WritesPlace {
  threadId: string;
  checkpointNs: string;
  checkpointId: string;
  /** The checkpoint document's `_id`. */
  key: string;
}

/** Serializes a task's writes (before anything is written), each with its write index. */
export async function serializeWrites(
  serde: SerializerProtocol,
  writes: readonly PendingWrite[],
  taskId: string,
): Promise<StoredWrite[]> {
  const stored: StoredWrite[] = [];
  for (let i = 0; i < writes.length; i++) {
    const [channel, value] = writes[i]!;
    const [type, data] = await serde.dumpsTyped(value, {
      context: `write to channel "${channel}" by task "${taskId}"`,
    });
    stored.push({ idx: writeIndex(channel, i), channel, type, data: toBinary(data) });
  }
  return stored;
}

/**
 * Inserts one task's writes into the next free slot of the checkpoint (see `WriteDoc`):
 * from the slot `slots` remembers, one further each time the insert finds the slot taken.
 */
export async function insertWrites(
  collection: Collection<WriteDoc>,
  slots: PositionCache,
  place: WritesPlace,
  taskId: string,
  stored: StoredWrite[],
): Promise<void> {
  const { threadId, checkpointNs, checkpointId, key } = place;
  for (let slot = slots.get(key) ?? 0; ; slot++) {
    try {
      await collection.insertOne({
        _id: writeKey(threadId, checkpointNs, checkpointId, slot),
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        checkpoint_id: checkpointId,
        checkpoint_key: key,
        slot,
        task_id: taskId,
        writes: stored,
      });
      slots.set(key, slot + 1);
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
