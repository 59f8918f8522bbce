/** A channel's version: monotonically increasing per channel. Numbers in memory; savers may store strings. */
export type ChannelVersion = number | string;

/** Channel name → version. */
export type ChannelVersions = Record<string, ChannelVersion>;

/** A snapshot of a graph's channels at the end of one superstep. */
export interface Checkpoint {
  /** Format version of this checkpoint. */
  v: number;
  /** Time-sortable, unique id (see `uuid6`). */
  id: string;
  /** ISO 8601 creation time. */
  ts: string;
  /** Current value of every non-empty channel. */
  channel_values: Record<string, unknown>;
  /** Current version of every channel that was ever written. */
  channel_versions: ChannelVersions;
  /** Node name → the channel versions that node last saw, so only changed inputs re-trigger it. */
  versions_seen: Record<string, ChannelVersions>;
}

/** Why a checkpoint was written. */
export type CheckpointSource = "input" | "loop" | "update" | "fork";

/** Metadata saved beside a checkpoint. User keys from `config.metadata` are merged in. */
export interface CheckpointMetadata {
  /** `input` (from invoke input), `loop` (a superstep), `update` (updateState), `fork` (copied checkpoint). */
  source: CheckpointSource;
  /** Superstep number: -1 for the first input checkpoint, 0 for the first loop checkpoint. */
  step: number;
  /** Checkpoint namespace → checkpoint id of the parent graphs (empty for a root graph). */
  parents: Record<string, string>;
  [key: string]: unknown;
}

/** The `configurable` keys a checkpointer reads. Other keys pass through to nodes. */
export interface CheckpointConfigurable {
  thread_id?: string;
  checkpoint_ns?: string;
  checkpoint_id?: string;
  [key: string]: unknown;
}

/** The config object passed to `invoke`, `stream` and saver methods. */
export interface RunnableConfig {
  configurable?: CheckpointConfigurable;
  /** Arbitrary metadata; merged into checkpoint metadata. */
  metadata?: Record<string, unknown>;
  tags?: string[];
  /** Maximum supersteps per run. @default 25 */
  recursionLimit?: number;
  /** Cancels the run. */
  signal?: AbortSignal;
  runName?: string;
  runId?: string;
  /** Max tasks run at once within a superstep. */
  maxConcurrency?: number;
  /** Passed through untouched (LangChain callbacks, tracing handlers...). */
  callbacks?: unknown;
  [key: string]: unknown;
}

/** A write recorded for a task before its checkpoint was committed: `[taskId, channel, value]`. */
export type CheckpointPendingWrite = [taskId: string, channel: string, value: unknown];

/** A write as a task produces it: `[channel, value]`. */
export type PendingWrite = [channel: string, value: unknown];

/** A checkpoint with everything saved around it. */
export interface CheckpointTuple {
  config: RunnableConfig;
  checkpoint: Checkpoint;
  metadata?: CheckpointMetadata;
  parentConfig?: RunnableConfig;
  pendingWrites?: CheckpointPendingWrite[];
}

/** Options of `BaseCheckpointSaver.list`. */
export interface CheckpointListOptions {
  /** At most this many tuples. */
  limit?: number;
  /** Only checkpoints created before the one this config names. */
  before?: RunnableConfig;
  /** Only checkpoints whose metadata has these key/value pairs (deep equality per key). */
  filter?: Record<string, unknown>;
}
