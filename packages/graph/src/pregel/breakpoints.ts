import { type Checkpoint, INTERRUPT } from "@weft/checkpoint";
import type { PregelTask } from "./task.ts";

/** A breakpoint fires when one of its nodes is among the tasks and state changed since the last pause. */
export function shouldInterrupt(
  checkpoint: Checkpoint,
  nodes: readonly string[] | "*",
  tasks: readonly PregelTask[],
): boolean {
  if (nodes !== "*" && nodes.length === 0) return false;
  const hit =
    nodes === "*" ? tasks.some((t) => !t.node.hidden) : tasks.some((t) => nodes.includes(t.name));
  if (!hit) return false;
  const seen = checkpoint.versions_seen[INTERRUPT];
  if (seen === undefined) return true;
  for (const ch in checkpoint.channel_versions) {
    const seenVersion = seen[ch];
    if (seenVersion === undefined || checkpoint.channel_versions[ch]! > seenVersion) return true;
  }
  return false;
}
