import {
  type BaseCheckpointSaver,
  type ChannelVersion,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  emptyCheckpoint,
  type RunnableConfig,
  uuid6,
} from "@weft/checkpoint";

/** `{ configurable: { thread_id, checkpoint_ns? , ...more } }`. */
export function threadConfig(
  threadId: string,
  more: { checkpoint_ns?: string; checkpoint_id?: string } = {},
): RunnableConfig {
  return { configurable: { thread_id: threadId, ...more } };
}

/** Everything an async iterable yields, in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The checkpoint ids of listed tuples, in listed order. */
export function ids(tuples: readonly CheckpointTuple[]): string[] {
  return tuples.map((tuple) => tuple.checkpoint.id);
}

/** The error `call` throws or rejects with; undefined when it succeeds. */
export async function failureOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Options of {@link Timeline.next}. */
export interface StepOptions {
  /** Extra metadata keys (user metadata, `writes`...). */
  metadata?: Record<string, unknown>;
  /** Creation time; now when absent. */
  ts?: Date;
  /** The node that "ran" in this step. @default "agent" */
  node?: string;
}

/**
 * Saves checkpoints the way the engine does for one (thread, namespace): each step
 * applies some channel updates, bumps their versions with the saver's `getNextVersion`,
 * and passes only those channels as `newVersions`, with the previous checkpoint as
 * parent. Unchanged channels are still in `channel_values`.
 */
export class Timeline {
  /** Config of the last saved checkpoint (the parent of the next one). */
  config: RunnableConfig;
  /** Checkpoints as they were passed to `put`, oldest first. */
  readonly saved: {
    config: RunnableConfig;
    checkpoint: Checkpoint;
    metadata: CheckpointMetadata;
  }[] = [];
  private values: Record<string, unknown> = {};
  private versions: ChannelVersions = {};
  private seen: Record<string, ChannelVersions> = {};
  private step = -1;

  readonly saver: BaseCheckpointSaver;
  readonly threadId: string;
  readonly checkpointNs: string;

  constructor(saver: BaseCheckpointSaver, threadId: string, checkpointNs = "") {
    this.saver = saver;
    this.threadId = threadId;
    this.checkpointNs = checkpointNs;
    this.config = threadConfig(threadId, { checkpoint_ns: checkpointNs });
  }

  /** A timeline that continues from a saved checkpoint: time travel, then a fork. */
  static async from(saver: BaseCheckpointSaver, config: RunnableConfig): Promise<Timeline> {
    const tuple = await saver.getTuple(config);
    if (tuple === undefined) throw new Error("Timeline.from: no checkpoint at that config");
    const { thread_id, checkpoint_ns } = tuple.config.configurable ?? {};
    const timeline = new Timeline(saver, String(thread_id), checkpoint_ns ?? "");
    timeline.config = tuple.config;
    timeline.values = { ...tuple.checkpoint.channel_values };
    timeline.versions = { ...tuple.checkpoint.channel_versions };
    timeline.seen = structuredClone(tuple.checkpoint.versions_seen);
    timeline.step = tuple.metadata?.step ?? 0;
    return timeline;
  }

  /** The last checkpoint passed to `put`. */
  get last(): { config: RunnableConfig; checkpoint: Checkpoint; metadata: CheckpointMetadata } {
    const last = this.saved[this.saved.length - 1];
    if (last === undefined) throw new Error("Timeline: nothing saved yet");
    return last;
  }

  /** Saves the next checkpoint with `updates` applied; returns its config. */
  async next(updates: Record<string, unknown>, options: StepOptions = {}): Promise<RunnableConfig> {
    const newVersions: ChannelVersions = {};
    for (const channel of Object.keys(updates)) {
      const current = this.versions[channel] as number | undefined;
      const version: ChannelVersion = this.saver.getNextVersion(current);
      newVersions[channel] = version;
      this.versions[channel] = version;
      this.values[channel] = updates[channel];
    }
    const node = options.node ?? "agent";
    this.seen[node] = { ...this.versions };
    this.step += 1;
    const checkpoint: Checkpoint = {
      ...emptyCheckpoint(),
      id: uuid6(this.step),
      ts: (options.ts ?? new Date()).toISOString(),
      channel_values: { ...this.values },
      channel_versions: { ...this.versions },
      versions_seen: structuredClone(this.seen),
    };
    const metadata: CheckpointMetadata = {
      source: this.step === 0 && this.saved.length === 0 ? "input" : "loop",
      step: this.step,
      parents: {},
      ...options.metadata,
    };
    const config = await this.saver.put(this.config, checkpoint, metadata, newVersions);
    this.config = config;
    this.saved.push({ config, checkpoint, metadata });
    return config;
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inBatches<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
