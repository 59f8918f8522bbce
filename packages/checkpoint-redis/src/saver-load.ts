import type { CheckpointMetadata, CheckpointTuple, SerializerProtocol } from "@weft/checkpoint";
import type { BinaryReply, RedisConnection } from "./connection.ts";
import { RedisDatabaseError } from "./errors.ts";
import { SEP, threadKeys, valueField } from "./saver-layout.ts";
import {
  type CheckpointHeader,
  decodeTuple,
  type LoadedCheckpoint,
  type StoredValue,
  unpackValue,
} from "./saver-records.ts";

/** What the load script returned for one thread. */
export interface LoadReply {
  /** The thread's TTL ran out: it was dropped, and nothing was read. */
  expired: boolean;
  /** Its ids members (`<id>\0<ns>`) when it was dropped. */
  dropped: string[];
  checkpoints: LoadedCheckpoint[];
  /** The last index member a `range` read, for the next page. */
  last: string | undefined;
  /** How many checkpoints were looked for (index members read, or fields given). */
  count: number;
}

/** Reads the reply of `LOAD_CHECKPOINTS` for `threadId`. */
export function parseLoadReply(threadId: string, reply: BinaryReply): LoadReply {
  const [expired, dropped, entries, last, count] = reply as [
    number,
    Buffer[],
    BinaryReply[][],
    Buffer | null,
    number,
  ];
  const checkpoints: LoadedCheckpoint[] = [];
  for (const entry of entries) {
    const [field, header, metadata, refs, writes] = entry as [
      Buffer,
      Buffer,
      Buffer,
      Buffer,
      (Buffer | null)[],
    ];
    const text = field.toString("utf8");
    const cut = text.indexOf(SEP);
    checkpoints.push({
      threadId,
      checkpointNs: text.slice(0, cut),
      checkpointId: text.slice(cut + 1),
      header: JSON.parse(header.toString("utf8")) as CheckpointHeader,
      metadata,
      refs: JSON.parse(refs.toString("utf8")) as Record<string, string>,
      writes: writes.filter((write): write is Buffer => write !== null),
    });
  }
  return {
    expired: expired === 1,
    dropped: dropped.map((member) => member.toString("utf8")),
    checkpoints,
    last: last === null ? undefined : last.toString("utf8"),
    count,
  };
}

/** Where one channel value is stored: the thread, namespace and checkpoint that wrote it. */
export interface ValueRef {
  threadId: string;
  checkpointNs: string;
  writerId: string;
  channel: string;
}

/**
 * Fetches stored channel values by reference, in one round trip whatever their threads:
 * the one way values are read, so that values stored as deltas can later be resolved
 * here. A value referenced twice is fetched once. `undefined` for a value that is gone
 * (its checkpoints were deleted since they were read).
 */
export async function fetchValues(
  connection: RedisConnection,
  prefix: string,
  refs: readonly ValueRef[],
  operation: string,
): Promise<(StoredValue | undefined)[]> {
  const byThread = new Map<string, { fields: string[]; slots: Map<string, number> }>();
  const positions: [thread: string, slot: number][] = [];
  for (const ref of refs) {
    let group = byThread.get(ref.threadId);
    if (group === undefined) {
      group = { fields: [], slots: new Map() };
      byThread.set(ref.threadId, group);
    }
    const field = valueField(ref.checkpointNs, ref.writerId, ref.channel);
    let slot = group.slots.get(field);
    if (slot === undefined) {
      slot = group.fields.length;
      group.fields.push(field);
      group.slots.set(field, slot);
    }
    positions.push([ref.threadId, slot]);
  }
  const threads = [...byThread.keys()];
  const replies = await connection.batch(operation, (batch) => {
    for (const threadId of threads) {
      batch.call("HMGET", threadKeys(prefix, threadId)[6]!, ...byThread.get(threadId)!.fields);
    }
  });
  const fetched = new Map<string, (Buffer | null)[]>();
  for (let i = 0; i < threads.length; i++) {
    fetched.set(threads[i]!, replies[i] as (Buffer | null)[]);
  }
  return positions.map(([threadId, slot]) => {
    const record = fetched.get(threadId)![slot];
    return record === null || record === undefined ? undefined : unpackValue(record);
  });
}

/**
 * Fetches the values of loaded checkpoints and decodes them into tuples. `undefined` for
 * a checkpoint one of whose values is gone: it was deleted after it was loaded.
 */
export async function completeTuples(
  connection: RedisConnection,
  prefix: string,
  serde: SerializerProtocol,
  loaded: readonly LoadedCheckpoint[],
  metadata: readonly (CheckpointMetadata | undefined)[],
  operation: string,
): Promise<(CheckpointTuple | undefined)[]> {
  const refs: ValueRef[] = [];
  for (const checkpoint of loaded) {
    const { threadId, checkpointNs } = checkpoint;
    for (const channel in checkpoint.refs) {
      refs.push({ threadId, checkpointNs, writerId: checkpoint.refs[channel]!, channel });
    }
  }
  const values = refs.length === 0 ? [] : await fetchValues(connection, prefix, refs, operation);
  const tuples: (CheckpointTuple | undefined)[] = [];
  let offset = 0;
  for (let i = 0; i < loaded.length; i++) {
    const checkpoint = loaded[i]!;
    const count = Object.keys(checkpoint.refs).length;
    const own = values.slice(offset, offset + count);
    offset += count;
    if (own.some((value) => value === undefined)) {
      tuples.push(undefined);
      continue;
    }
    tuples.push(await decodeTuple(serde, checkpoint, own as StoredValue[], metadata[i]));
  }
  return tuples;
}

/** Raised when a checkpoint exists but one of its values does not: the data was changed outside Weft. */
export function missingValueError(loaded: LoadedCheckpoint, address: string): RedisDatabaseError {
  return new RedisDatabaseError(
    "driver",
    `Checkpoint ${loaded.checkpointId} of thread ${JSON.stringify(loaded.threadId)} refers to a ` +
      "channel value that is not stored: its keys were changed outside Weft.",
    { address, threadId: loaded.threadId, checkpointId: loaded.checkpointId },
  );
}
