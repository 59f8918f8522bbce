import type { CheckpointMetadata, CheckpointSource, RunnableConfig } from "@weft/checkpoint";

/** Metadata of a checkpoint written under `config`: the caller's `metadata` plus where it came from. */
export function checkpointMetadata(
  config: RunnableConfig,
  source: CheckpointSource,
  step: number,
): CheckpointMetadata {
  return { ...config.metadata, source, step, parents: {} };
}
