import { CheckpointConfigError } from "./checkpoint-errors.ts";
import type { RunnableConfig } from "./types.ts";

/** Where a config points: a thread, a namespace inside it, and optionally one checkpoint. */
export interface CheckpointAddress {
  threadId: string;
  /** `""` for the root graph. */
  checkpointNs: string;
  /** Absent means "the latest checkpoint". */
  checkpointId: string | undefined;
}

/** The checkpoint id a config names (`configurable.checkpoint_id`), if any. */
export function getCheckpointId(config: RunnableConfig): string | undefined {
  const id = config.configurable?.checkpoint_id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/**
 * Reads thread, namespace and checkpoint id from `config`, checking their types.
 *
 * @param operation Names the caller in the error message (`"put"`, `"getTuple"`...).
 * @throws CheckpointConfigError `INVALID_CONFIG` when `thread_id` is missing or not a
 *   non-empty string, or `checkpoint_ns` is not a string.
 */
export function checkpointAddress(config: RunnableConfig, operation: string): CheckpointAddress {
  const configurable = config.configurable;
  const threadId = configurable?.thread_id;
  if (typeof threadId !== "string" || threadId === "") {
    const got = threadId === undefined ? "it is missing" : `got ${JSON.stringify(threadId)}`;
    throw new CheckpointConfigError(
      `Checkpointer ${operation} needs configurable.thread_id, a non-empty string (${got}). ` +
        'Pass it with every call, e.g. graph.invoke(input, { configurable: { thread_id: "1" } }).',
      { operation, field: "thread_id" },
    );
  }
  const checkpointNs = configurable?.checkpoint_ns ?? "";
  if (typeof checkpointNs !== "string") {
    throw new CheckpointConfigError(
      `Checkpointer ${operation}: configurable.checkpoint_ns must be a string.`,
      { operation, field: "checkpoint_ns" },
    );
  }
  return { threadId, checkpointNs, checkpointId: getCheckpointId(config) };
}

/** Where a `put` goes: the thread and namespace, the parent it names, and the new checkpoint's id. */
export interface PutTarget {
  threadId: string;
  checkpointNs: string;
  /** The parent checkpoint (`config.configurable.checkpoint_id`), if any. */
  parentId: string | undefined;
  /** `checkpoint.id`, checked to be a non-empty string. */
  id: string;
}

/**
 * Reads and checks the arguments of `put` the way every backend must: a thread, a
 * string namespace, and a checkpoint with a non-empty string id.
 * @throws CheckpointConfigError `INVALID_CONFIG` otherwise.
 */
export function putTarget(config: RunnableConfig, checkpoint: { id?: unknown }): PutTarget {
  const { threadId, checkpointNs, checkpointId: parentId } = checkpointAddress(config, "put");
  const id = checkpoint.id;
  if (typeof id !== "string" || id === "") {
    throw new CheckpointConfigError(
      "Checkpointer put needs a checkpoint with a non-empty string id.",
      {
        operation: "put",
        field: "checkpoint.id",
      },
    );
  }
  return { threadId, checkpointNs, parentId, id };
}

/**
 * Reads and checks the config of `putWrites`: writes belong to one named checkpoint.
 * @throws CheckpointConfigError `INVALID_CONFIG` without `thread_id` or `checkpoint_id`.
 */
export function writesTarget(config: RunnableConfig): CheckpointAddress & { checkpointId: string } {
  const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "putWrites");
  if (checkpointId === undefined) {
    throw new CheckpointConfigError("Checkpointer putWrites needs configurable.checkpoint_id.", {
      operation: "putWrites",
      field: "checkpoint_id",
    });
  }
  return { threadId, checkpointNs, checkpointId };
}

/** The config that names one saved checkpoint, as `put` returns it and tuples carry it. */
export function checkpointConfig(
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
): RunnableConfig {
  return {
    configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpointId },
  };
}
