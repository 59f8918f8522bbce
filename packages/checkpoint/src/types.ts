import type { SerializerProtocol } from "./serde/protocol.ts";

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

/**
 * What `BaseCheckpointSaver.prune` removes. Both rules must agree (AND) before a
 * checkpoint goes; with neither, only the latest checkpoint of each namespace stays.
 * The latest checkpoint of every (thread, `checkpoint_ns`) is never removed, whatever
 * the options say: an open interrupt, a pending resume or a paused subgraph resumes from it.
 */
export interface PruneOptions {
  /**
   * Keep the newest `keepLast` checkpoints of each (thread, `checkpoint_ns`); values
   * below 1 act as 1. @default 1 (when `olderThan` is absent too)
   */
  keepLast?: number;
  /**
   * Only remove checkpoints whose `ts` is before this instant: a `Date`, or milliseconds
   * since the Unix epoch (`Date.now() - 7 * 86_400_000` for "older than a week").
   */
  olderThan?: Date | number;
}

/** What `BaseCheckpointSaver.prune` removed. */
export interface PruneResult {
  /** Checkpoints removed. */
  checkpoints: number;
  /** Pending writes removed with them. */
  writes: number;
}

/** What `BaseCheckpointSaver.sweep` removed. */
export interface SweepResult {
  /** Expired threads removed. */
  threads: number;
}

/** Per-thread time to live: a thread nobody touched for `ttlMs` is gone. */
export interface ThreadTtlOptions {
  /** Milliseconds a thread lives after its last access. Must be positive. */
  ttlMs: number;
  /** Whether reads of a thread (getTuple, list naming it) count as access. @default true */
  refreshOnRead?: boolean;
}

/** Options every saver constructor accepts (backends add their own). */
export interface BaseCheckpointSaverOptions {
  /** Serializer of stored values. @default new JsonSerializer() */
  serde?: SerializerProtocol;
  /** Expire threads nobody touched for a while. Off when absent. */
  threadTtl?: ThreadTtlOptions;
  /** The clock thread TTLs are measured with, in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * `PruneOptions` checked and normalized, as `BaseCheckpointSaver.pruneRule` returns
 * them: backends that prune with a query read `keepLast` and `olderThan`, others call
 * `removes`.
 */
export interface PruneRule {
  /** Checkpoints kept per (thread, `checkpoint_ns`), newest first; at least 1. */
  keepLast: number;
  /** Epoch milliseconds: only checkpoints whose `ts` is earlier may go. Absent: any age. */
  olderThan: number | undefined;
  /**
   * Whether the checkpoint at position `rank` of its namespace (0 = newest) with
   * creation time `ts` is removed. An unparsable `ts` counts as new (kept).
   */
  removes(rank: number, ts: string): boolean;
}
