import type { CheckpointMetadata, CheckpointTuple, SerializerProtocol } from "@weft/checkpoint";
import { matchesMetadataFilter } from "@weft/checkpoint";
import type { Arg, RedisConnection } from "./connection.ts";
import { checkpointField, parseGlobalMember, type SaverGlobalKeys, SEP } from "./saver-layout.ts";
import type { LoadReply } from "./saver-load.ts";
import { decodeMetadata, type LoadedCheckpoint } from "./saver-records.ts";

/** Index members read per page when a metadata filter (or namespace) may drop some. */
const FILTERED_PAGE = 64;
/** Largest page read at once. */
const MAX_PAGE = 256;
/** Upper bound of the lexical range of members starting with `<prefix>\0`. */
const AFTER_SEP = "\u0001";

/** What listing needs from the saver. */
export interface SaverReader {
  readonly keys: SaverGlobalKeys;
  readonly connection: RedisConnection;
  readonly serde: SerializerProtocol;
  /** Runs the load script on one thread (`read`: counts as an access). */
  loadPage(
    operation: string,
    threadId: string,
    mode: readonly Arg[],
    read: boolean,
  ): Promise<LoadReply>;
  /** Loads checkpoints of several threads by field, in one round trip. */
  loadMany(
    operation: string,
    requests: ReadonlyMap<string, readonly string[]>,
  ): Promise<Map<string, LoadReply>>;
  /** Fetches values and decodes; undefined for checkpoints deleted meanwhile. */
  complete(
    operation: string,
    loaded: readonly LoadedCheckpoint[],
    metadata: readonly (CheckpointMetadata | undefined)[],
  ): Promise<(CheckpointTuple | undefined)[]>;
}

/** A `list` call, checked. */
export interface ListQuery {
  checkpointNs: string | undefined;
  /** The checkpoint id the config names. */
  only: string | undefined;
  beforeId: string | undefined;
  filter: Record<string, unknown> | undefined;
  limit: number;
}

/**
 * Lists one thread, newest first, page by page over its `ns` index (one namespace) or
 * its `ids` index (all namespaces). The first page counts as an access of the thread.
 */
export async function* listThread(
  reader: SaverReader,
  threadId: string,
  query: ListQuery,
): AsyncGenerator<CheckpointTuple> {
  const { checkpointNs: ns, only, beforeId, filter } = query;
  if (only !== undefined && beforeId !== undefined && only >= beforeId) return;
  let remaining = query.limit;
  if (ns !== undefined && only !== undefined) {
    const page = await reader.loadPage(
      "list",
      threadId,
      ["fields", checkpointField(ns, only)],
      true,
    );
    for (const tuple of await decodePage(reader, page.checkpoints, filter)) yield tuple;
    return;
  }
  let index: "ids" | "ns";
  let max: string;
  let min: string;
  if (ns !== undefined) {
    index = "ns";
    min = `[${ns}${SEP}`;
    max = beforeId === undefined ? `(${ns}${AFTER_SEP}` : `(${ns}${SEP}${beforeId}`;
  } else if (only !== undefined) {
    index = "ids";
    min = `[${only}${SEP}`;
    max = `(${only}${AFTER_SEP}`;
  } else {
    index = "ids";
    min = "-";
    max = beforeId === undefined ? "+" : `(${beforeId}`;
  }
  for (let first = true; ; first = false) {
    const size = filter === undefined ? Math.min(remaining, MAX_PAGE) : FILTERED_PAGE;
    const page = await reader.loadPage("list", threadId, ["range", index, max, min, size], first);
    if (page.expired) return;
    for (const tuple of await decodePage(reader, page.checkpoints, filter)) {
      yield tuple;
      if (--remaining <= 0) return;
    }
    if (page.count < size || page.last === undefined) return;
    max = `(${page.last}`;
  }
}

/**
 * Lists every thread, newest first, page by page over the global index. Entries whose
 * checkpoint is gone (a put that never committed, a thread dropped meanwhile) are
 * skipped. Never counts as an access; expired threads are hidden and dropped.
 */
export async function* listAll(
  reader: SaverReader,
  query: ListQuery,
): AsyncGenerator<CheckpointTuple> {
  const { checkpointNs: ns, only, beforeId, filter } = query;
  if (only !== undefined && beforeId !== undefined && only >= beforeId) return;
  let remaining = query.limit;
  let max =
    only !== undefined ? `(${only}${AFTER_SEP}` : beforeId !== undefined ? `(${beforeId}` : "+";
  const min = only !== undefined ? `[${only}${SEP}` : "-";
  for (;;) {
    const size =
      filter === undefined && ns === undefined ? Math.min(remaining, MAX_PAGE) : FILTERED_PAGE;
    const members = await reader.connection.call("list", (client) =>
      client.zrevrangebylex(reader.keys.checkpoints, max, min, "LIMIT", 0, size),
    );
    if (members.length === 0) return;
    max = `(${members.at(-1)}`;
    const wanted = members
      .map(parseGlobalMember)
      .filter((entry) => ns === undefined || entry.checkpointNs === ns);
    const requests = new Map<string, string[]>();
    for (const entry of wanted) {
      const field = checkpointField(entry.checkpointNs, entry.checkpointId);
      const fields = requests.get(entry.threadId);
      if (fields === undefined) requests.set(entry.threadId, [field]);
      else fields.push(field);
    }
    const loaded = requests.size === 0 ? new Map() : await reader.loadMany("list", requests);
    const found = new Map<string, LoadedCheckpoint>();
    for (const reply of loaded.values()) {
      for (const checkpoint of reply.checkpoints) {
        found.set(
          addressKey(checkpoint.threadId, checkpoint.checkpointNs, checkpoint.checkpointId),
          checkpoint,
        );
      }
    }
    const ordered: LoadedCheckpoint[] = [];
    for (const entry of wanted) {
      const checkpoint = found.get(
        addressKey(entry.threadId, entry.checkpointNs, entry.checkpointId),
      );
      if (checkpoint !== undefined) ordered.push(checkpoint);
    }
    for (const tuple of await decodePage(reader, ordered, filter)) {
      yield tuple;
      if (--remaining <= 0) return;
    }
    if (members.length < size) return;
  }
}

/**
 * Tuples of a page: metadata decoded first when filtering, values fetched only for the
 * checkpoints that match; checkpoints deleted meanwhile are left out.
 */
async function decodePage(
  reader: SaverReader,
  loaded: readonly LoadedCheckpoint[],
  filter: Record<string, unknown> | undefined,
): Promise<CheckpointTuple[]> {
  let matches = loaded;
  let metadata: (CheckpointMetadata | undefined)[] = loaded.map(() => undefined);
  if (filter !== undefined) {
    matches = [];
    metadata = [];
    for (const checkpoint of loaded) {
      const decoded = await decodeMetadata(reader.serde, checkpoint);
      if (!matchesMetadataFilter(decoded, filter)) continue;
      (matches as LoadedCheckpoint[]).push(checkpoint);
      metadata.push(decoded);
    }
  }
  if (matches.length === 0) return [];
  const tuples = await reader.complete("list", matches, metadata);
  return tuples.filter((tuple): tuple is CheckpointTuple => tuple !== undefined);
}

function addressKey(threadId: string, checkpointNs: string, checkpointId: string): string {
  return JSON.stringify([threadId, checkpointNs, checkpointId]);
}
