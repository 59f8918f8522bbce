import type { BenchLib } from "../libs/bench-lib.ts";
import { createSaver } from "../libs/savers.ts";
import type { Scenario } from "../scenario.ts";
import { timed } from "../timer.ts";
import { saverVariants } from "./variants.ts";

interface Sizes {
  checkpoints: number;
}

interface RawOutput {
  put: number;
  got: number;
  listed: number;
}

/** A small, realistic state: a counter that changes every step and a note that never does. */
function makeCheckpoints(lib: BenchLib, count: number): any[] {
  const note = "a note that stays the same in every checkpoint ".repeat(4);
  return Array.from({ length: count }, (_, i) => ({
    ...lib.emptyCheckpoint(),
    id: lib.uuid6(i),
    channel_values: { counter: i, note },
    channel_versions: { counter: i + 1, note: 1 },
    versions_seen: { step: { counter: i } },
  }));
}

/** `saver_raw`: the saver alone, no graph: sequential puts, point reads, one full list. */
export const saverRaw: Scenario<Sizes> = {
  name: "saver_raw",
  summary: "5,000 put + 5,000 getTuple + one list of all, per saver (embedded and on services)",
  sizes: { checkpoints: 5_000 },
  smokeSizes: { checkpoints: 200 },
  runs: { warmup: 2, measured: 7 },
  variants: saverVariants({ services: true }),
  metrics: [
    { key: "put", label: "put, every checkpoint", unit: "ms", better: "lower", compare: true },
    {
      key: "getTuple",
      label: "getTuple, every checkpoint",
      unit: "ms",
      better: "lower",
      compare: true,
    },
    { key: "list", label: "list (all)", unit: "ms", better: "lower", compare: true },
  ],
  async prepare(lib, variant, sizes) {
    return async () => {
      const saver = await createSaver(variant.saver ?? "memory", lib.name);
      const checkpoints = makeCheckpoints(lib, sizes.checkpoints);
      const thread = { thread_id: "raw", checkpoint_ns: "" };
      const put = await timed(async () => {
        let config: any = { configurable: thread };
        for (const [step, checkpoint] of checkpoints.entries()) {
          const newVersions = step === 0 ? checkpoint.channel_versions : { counter: step + 1 };
          config = await saver.put(
            config,
            checkpoint,
            { source: "loop", step, parents: {} },
            newVersions,
          );
        }
        return checkpoints.length;
      });
      const get = await timed(async () => {
        let got = 0;
        for (const checkpoint of checkpoints) {
          const config = { configurable: { ...thread, checkpoint_id: checkpoint.id } };
          if ((await saver.getTuple(config))?.checkpoint.id === checkpoint.id) got += 1;
        }
        return got;
      });
      const list = await timed(async () => {
        let listed = 0;
        for await (const _tuple of saver.list({ configurable: thread })) listed += 1;
        return listed;
      });
      const output: RawOutput = { put: put.result, got: get.result, listed: list.result };
      return { values: { put: put.ms, getTuple: get.ms, list: list.ms }, output };
    };
  },
  check(output, sizes) {
    const { put, got, listed } = output as RawOutput;
    const n = sizes.checkpoints;
    return put === n && got === n && listed === n
      ? undefined
      : `put ${put}, read back ${got}, listed ${listed}; expected ${n} each`;
  },
};
