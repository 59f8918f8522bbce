import type { BenchLib } from "../libs/bench-lib.ts";
import { createSaver } from "../libs/savers.ts";
import type { Variant } from "../scenario.ts";

/** Compiles a builder with the variant's saver, or with no checkpointer. */
export async function compileFor(builder: any, lib: BenchLib, variant: Variant): Promise<any> {
  if (!variant.saver) return builder.compile();
  return builder.compile({ checkpointer: await createSaver(variant.saver, lib.name) });
}

let threads = 0;

/** Run options on a thread of its own, so that no iteration inherits another's history. */
export function freshThread(extra: Record<string, unknown> = {}): Record<string, unknown> {
  threads += 1;
  return { configurable: { thread_id: `bench-${threads}` }, ...extra };
}
