/**
 * A complete, deliberately small checkpoint saver: what a third-party backend needs to
 * pass the conformance suite. It keeps each checkpoint serialized whole in a Map (a
 * real backend would use tables or keys), supports thread TTL through the base class's
 * helpers, and gets `prune` from the base class by implementing `deleteCheckpoints`.
 * `test/example-saver.test.ts` runs the suite against it.
 */
import {
  BaseCheckpointSaver,
  type BaseCheckpointSaverOptions,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  checkpointAddress,
  checkpointConfig,
  getCheckpointId,
  matchesMetadataFilter,
  type PendingWrite,
  type PruneResult,
  putTarget,
  type RunnableConfig,
  type SweepResult,
  writeIndex,
  writesTarget,
} from "@weft/checkpoint";

type Blob = [type: string, data: Uint8Array];

interface Row {
  checkpoint: Blob;
  metadata: Blob;
  parentId: string | undefined;
  /** `${taskId}\0${writeIndex}` → [taskId, channel, value]. */
  writes: Map<string, [taskId: string, channel: string, value: Blob]>;
}

interface ThreadRow {
  touchedAt: number;
  /** checkpoint_ns → checkpoint id → row. */
  namespaces: Map<string, Map<string, Row>>;
}

export class MapSaver extends BaseCheckpointSaver {
  private readonly threads = new Map<string, ThreadRow>();

  constructor(options: BaseCheckpointSaverOptions = {}) {
    super(options);
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "getTuple");
    const rows = this.thread(threadId, "read")?.namespaces.get(checkpointNs);
    const id = checkpointId ?? (rows && [...rows.keys()].sort().pop());
    const row = id === undefined ? undefined : rows?.get(id);
    return row && id ? this.toTuple(threadId, checkpointNs, id, row) : undefined;
  }

  async *list(
    config: RunnableConfig,
    { filter, before, limit = Number.POSITIVE_INFINITY }: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    const { thread_id, checkpoint_ns } = config.configurable ?? {};
    const onlyId = getCheckpointId(config);
    const beforeId = before && getCheckpointId(before);
    const threadIds = thread_id === undefined ? [...this.threads.keys()] : [thread_id];
    const found: [threadId: string, ns: string, id: string, row: Row][] = [];
    for (const threadId of threadIds) {
      const thread = this.thread(threadId, thread_id === undefined ? undefined : "read");
      for (const [ns, rows] of thread?.namespaces ?? []) {
        if (checkpoint_ns !== undefined && ns !== checkpoint_ns) continue;
        for (const [id, row] of rows) {
          if ((onlyId && id !== onlyId) || (beforeId && id >= beforeId)) continue;
          found.push([threadId, ns, id, row]);
        }
      }
    }
    found.sort((a, b) => (a[2] < b[2] ? 1 : -1));
    for (const [threadId, ns, id, row] of found) {
      if (limit <= 0) return;
      const metadata = (await this.serde.loadsTyped(...row.metadata)) as CheckpointMetadata;
      if (!matchesMetadataFilter(metadata, filter)) continue;
      limit--;
      yield this.toTuple(threadId, ns, id, row);
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    _newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, parentId, id } = putTarget(config, checkpoint);
    const row: Row = {
      checkpoint: await this.serde.dumpsTyped(checkpoint),
      metadata: await this.serde.dumpsTyped(metadata),
      parentId,
      writes: new Map(),
    };
    let thread = this.thread(threadId, "write");
    if (thread === undefined) {
      thread = { touchedAt: this.now(), namespaces: new Map() };
      this.threads.set(threadId, thread);
    }
    let rows = thread.namespaces.get(checkpointNs);
    if (rows === undefined) {
      rows = new Map();
      thread.namespaces.set(checkpointNs, rows);
    }
    rows.set(id, row);
    return checkpointConfig(threadId, checkpointNs, id);
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = writesTarget(config);
    const blobs = await Promise.all(writes.map(([, value]) => this.serde.dumpsTyped(value)));
    // Looked up after serializing: a checkpoint deleted meanwhile must not come back.
    const row = this.thread(threadId)?.namespaces.get(checkpointNs)?.get(checkpointId);
    if (row === undefined) return;
    this.thread(threadId, "write");
    writes.forEach(([channel], i) => {
      const index = writeIndex(channel, i);
      const key = `${taskId}\u0000${index}`;
      if (index < 0 || !row.writes.has(key)) row.writes.set(key, [taskId, channel, blobs[i]!]);
    });
  }

  async deleteThread(threadId: string): Promise<void> {
    this.threads.delete(threadId);
  }

  protected async deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    checkpointIds: readonly string[],
  ): Promise<PruneResult> {
    const rows = this.threads.get(threadId)?.namespaces.get(checkpointNs);
    const removed: PruneResult = { checkpoints: 0, writes: 0 };
    for (const id of checkpointIds) {
      const row = rows?.get(id);
      if (row === undefined) continue;
      rows!.delete(id);
      removed.checkpoints++;
      removed.writes += row.writes.size;
    }
    return removed;
  }

  override async sweep(): Promise<SweepResult> {
    let threads = 0;
    for (const threadId of [...this.threads.keys()]) {
      if (this.threads.has(threadId) && this.thread(threadId) === undefined) threads++;
    }
    return { threads };
  }

  /** The live thread (an expired one is deleted); `read`/`write` count as access for the TTL. */
  private thread(threadId: string, access?: "read" | "write"): ThreadRow | undefined {
    const thread = this.threads.get(threadId);
    if (thread === undefined) return undefined;
    if (this.isThreadExpired(thread.touchedAt)) {
      this.threads.delete(threadId);
      return undefined;
    }
    if (access === "write" || (access === "read" && this.threadTtl?.refreshOnRead)) {
      thread.touchedAt = this.now();
    }
    return thread;
  }

  private async toTuple(
    threadId: string,
    checkpointNs: string,
    id: string,
    row: Row,
  ): Promise<CheckpointTuple> {
    const pendingWrites = await Promise.all(
      [...row.writes.values()].map(
        async ([taskId, channel, blob]) =>
          [taskId, channel, await this.serde.loadsTyped(...blob)] as [string, string, unknown],
      ),
    );
    return {
      config: checkpointConfig(threadId, checkpointNs, id),
      checkpoint: (await this.serde.loadsTyped(...row.checkpoint)) as Checkpoint,
      metadata: (await this.serde.loadsTyped(...row.metadata)) as CheckpointMetadata,
      parentConfig:
        row.parentId === undefined
          ? undefined
          : checkpointConfig(threadId, checkpointNs, row.parentId),
      pendingWrites,
    };
  }
}
