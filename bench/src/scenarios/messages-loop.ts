import { createSaverOnFile, savesToFile } from "../libs/savers.ts";
import { tempDatabase } from "../libs/temp-database.ts";
import type { Iteration, Scenario, Variant } from "../scenario.ts";
import { compileFor, freshThread } from "./compile.ts";
import {
  buildMessagesLoop,
  checkLoopMessages,
  loopInput,
  type StepMarks,
} from "./messages-graph.ts";
import { messagesVariants } from "./variants.ts";

interface Sizes {
  messages: number;
  /** How many steps at each end are averaged for the per-step figures. */
  window: number;
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1);
}

/**
 * Step costs from node start times: step k lasts from node k's start to node k+1's (its
 * writes, the checkpoint, the next task); the last step ends when invoke returns.
 */
export function stepCosts(starts: number[], end: number): number[] {
  return starts.map((start, k) => (starts[k + 1] ?? end) - start);
}

/** Variants whose saver writes a database file: they report its size at the end. */
const onFile = (variant: Variant) => variant.saver !== undefined && savesToFile(variant.saver);

/**
 * `messages_loop`: agent ↔ tool loop to 500 messages, one message per step. A saver that
 * has a database file (SQLite) runs on a temp file, closed after the run so that its size
 * includes everything written, then deleted.
 */
export const messagesLoop: Scenario<Sizes> = {
  name: "messages_loop",
  summary: "agent ↔ tool loop appending one message per step up to 500 messages (durability sync)",
  sizes: { messages: 500, window: 50 },
  smokeSizes: { messages: 500, window: 50 },
  runs: { warmup: 2, measured: 7 },
  variants: messagesVariants(),
  metrics: [
    { key: "total", label: "invoke (whole loop)", unit: "ms", better: "lower", compare: true },
    { key: "first", label: "first 50 steps", unit: "ms/step", better: "lower", compare: true },
    { key: "last", label: "last 50 steps", unit: "ms/step", better: "lower", compare: true },
    { key: "growth", label: "last-50 / first-50", unit: "×", better: "lower", compare: false },
    {
      key: "dbBytes",
      label: "database size at the end",
      unit: "B",
      better: "lower",
      compare: true,
      appliesTo: onFile,
    },
    {
      key: "bytesPerMessage",
      label: "database size per message",
      unit: "B/message",
      better: "lower",
      compare: true,
      appliesTo: onFile,
    },
  ],
  async prepare(lib, variant, sizes) {
    const marks: StepMarks = { starts: [] };
    const builder = buildMessagesLoop(lib, variant, sizes.messages, marks);
    const run = async (graph: any): Promise<Iteration> => {
      marks.starts = [];
      // "sync": each step waits for its own checkpoint, so a step's cost is its own. Under
      // the default "async" a saver that lags behind defers work to the end of the run.
      const options = freshThread({ recursionLimit: sizes.messages + 10, durability: "sync" });
      const start = performance.now();
      const output = await graph.invoke(loopInput(lib), options);
      const end = performance.now();
      const series = stepCosts(marks.starts, end);
      const first = mean(series.slice(0, sizes.window));
      const last = mean(series.slice(-sizes.window));
      const values = { total: end - start, first, last, growth: last / first };
      return { values, series, output };
    };
    // A fresh saver per run: peak RSS then reflects one 500-message thread, not all runs'.
    if (!onFile(variant)) return async () => run(await compileFor(builder, lib, variant));
    return async () => {
      const file = tempDatabase();
      const saved = await createSaverOnFile(variant.saver!, lib.name, file.path);
      try {
        const iteration = await run(builder.compile({ checkpointer: saved.saver }));
        saved.close();
        const dbBytes = file.bytes();
        const bytesPerMessage = dbBytes / sizes.messages;
        return { ...iteration, values: { ...iteration.values, dbBytes, bytesPerMessage } };
      } finally {
        saved.close();
        file.remove();
      }
    };
  },
  check(output, sizes) {
    return checkLoopMessages((output as { messages?: unknown }).messages, sizes.messages);
  },
};
