import { currentConfig } from "../runtime/context.ts";
import type { LangGraphRunnableConfig } from "../types.ts";

/**
 * The config a model or tool call runs with: the current task's config (found even when
 * the caller passed none), overridden by the explicit one. Tags are joined, metadata
 * merged, and both abort signals honoured, so `model.invoke(messages, { tags })` inside a
 * node still streams to the run and stops when the run is cancelled.
 */
export function callConfig(
  explicit?: LangGraphRunnableConfig,
  ...bound: (LangGraphRunnableConfig | undefined)[]
): LangGraphRunnableConfig {
  const task = currentConfig();
  const layers = [task, ...bound, explicit].filter(
    (layer): layer is LangGraphRunnableConfig => layer !== undefined,
  );
  if (layers.length === 1) return layers[0]!;
  const merged: LangGraphRunnableConfig = Object.assign({}, ...layers);
  const tags = [...new Set(layers.flatMap((layer) => layer.tags ?? []))];
  if (tags.length > 0) merged.tags = tags;
  merged.metadata = Object.assign({}, ...layers.map((layer) => layer.metadata ?? {}));
  const signals = [...new Set(layers.map((layer) => layer.signal).filter((s) => s !== undefined))];
  if (signals.length > 1) merged.signal = AbortSignal.any(signals);
  return merged;
}
