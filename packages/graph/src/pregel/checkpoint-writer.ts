import type {
  BaseCheckpointSaver,
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  PendingWrite,
  RunnableConfig,
} from "@weft/checkpoint";
import type { Durability } from "../types.ts";

/**
 * Sends one run's checkpoints and task writes to the saver, in order, according to
 * the durability mode:
 * - `sync`: `syncPoint()` waits for everything queued;
 * - `async`: one step's saves may overlap the next step, no more (backpressure);
 * - `exit`: only the last checkpoint, and the task writes made against it, are saved
 *   by `flush()` when the run ends (successfully, with an error, or paused).
 * A failed save is remembered and rethrown at the next sync point or at flush;
 * later saves are skipped so the saved history never has gaps.
 */
export class CheckpointWriter {
  private readonly saver: BaseCheckpointSaver;
  private readonly durability: Durability;
  private queue: Promise<void> = Promise.resolve();
  private lastStepSaved: Promise<void> = Promise.resolve();
  private failure: { value: unknown } | undefined;
  /** Versions of the last checkpoint sent, so each put names only the changed channels. */
  private savedVersions: ChannelVersions;
  private unsaved:
    | { parent: RunnableConfig; checkpoint: Checkpoint; metadata: CheckpointMetadata }
    | undefined;
  private unsavedWrites: { config: RunnableConfig; taskId: string; writes: PendingWrite[] }[] = [];

  constructor(saver: BaseCheckpointSaver, durability: Durability, savedVersions: ChannelVersions) {
    this.saver = saver;
    this.durability = durability;
    this.savedVersions = savedVersions;
  }

  /** Saves `checkpoint` as the child of the checkpoint `parent` names. */
  put(parent: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): void {
    if (this.durability === "exit") {
      this.unsaved = { parent: this.unsaved?.parent ?? parent, checkpoint, metadata };
      return;
    }
    this.enqueuePut(parent, checkpoint, metadata);
  }

  /** Saves a task's writes against the checkpoint `config` names. */
  putWrites(config: RunnableConfig, taskId: string, writes: PendingWrite[]): void {
    if (writes.length === 0) return;
    if (this.durability === "exit") {
      this.unsavedWrites.push({ config, taskId, writes });
      return;
    }
    this.enqueue(() => this.saver.putWrites(config, writes, taskId));
  }

  /** Called after each step's checkpoint: applies the durability mode's waiting rule. */
  async syncPoint(): Promise<void> {
    if (this.durability === "sync") await this.queue;
    else if (this.durability === "async") {
      const previous = this.lastStepSaved;
      this.lastStepSaved = this.queue;
      await previous;
    }
    this.throwIfFailed();
  }

  /** Writes what "exit" kept back, waits for every save, rethrows the first failure. */
  async flush(latestCheckpointId: string | undefined): Promise<void> {
    if (this.unsaved) {
      const { parent, checkpoint, metadata } = this.unsaved;
      this.unsaved = undefined;
      this.enqueuePut(parent, checkpoint, metadata);
    }
    for (const { config, taskId, writes } of this.unsavedWrites) {
      // Writes made against an earlier checkpoint are already part of a later one.
      if (config.configurable?.checkpoint_id === latestCheckpointId) {
        this.enqueue(() => this.saver.putWrites(config, writes, taskId));
      }
    }
    this.unsavedWrites = [];
    await this.queue;
    this.throwIfFailed();
  }

  private enqueuePut(
    parent: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
  ): void {
    const newVersions = changedVersions(checkpoint.channel_versions, this.savedVersions);
    this.savedVersions = checkpoint.channel_versions;
    this.enqueue(() => this.saver.put(parent, checkpoint, metadata, newVersions));
  }

  private enqueue(op: () => Promise<unknown>): void {
    this.queue = this.queue.then(async () => {
      if (this.failure) return;
      try {
        await op();
      } catch (error) {
        this.failure = { value: error };
      }
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.value;
  }
}

/** The entries of `current` that differ from `saved`: the `newVersions` argument of `put`. */
export function changedVersions(current: ChannelVersions, saved: ChannelVersions): ChannelVersions {
  const changed: ChannelVersions = {};
  for (const key in current) {
    const version = current[key]!;
    if (saved[key] !== version) changed[key] = version;
  }
  return changed;
}
