import type { BenchLib } from "../libs/bench-lib.ts";
import type { Scenario } from "../scenario.ts";
import { timed } from "../timer.ts";

interface Sizes {
  events: number;
}

interface StreamOutput {
  count: number;
  last: unknown;
}

/** One node that writes `events` custom stream events through `config.writer`. */
export function buildEmitter(lib: BenchLib, events: number): any {
  const State = lib.Annotation.Root({ emitted: lib.Annotation() });
  return new lib.StateGraph(State)
    .addNode("emit", (_state: unknown, config: { writer?: (chunk: unknown) => void }) => {
      for (let i = 0; i < events; i++) config.writer?.({ i });
      return { emitted: events };
    })
    .addEdge(lib.START, "emit")
    .addEdge("emit", lib.END);
}

/** `stream_custom`: 10,000 custom events from one node, consumed with `streamMode: "custom"`. */
export const streamCustom: Scenario<Sizes> = {
  name: "stream_custom",
  summary: "10,000 custom events from one node (config.writer), streamed",
  sizes: { events: 10_000 },
  smokeSizes: { events: 1_000 },
  runs: { warmup: 5, measured: 15 },
  variants: [{ id: "none", label: "no checkpointer" }],
  metrics: [
    { key: "stream", label: "stream all events", unit: "ms", better: "lower", compare: true },
    { key: "rate", label: "events per second", unit: "ev/s", better: "higher", compare: true },
  ],
  async prepare(lib, _variant, sizes) {
    const graph = buildEmitter(lib, sizes.events).compile();
    return async () => {
      const { ms, result } = await timed(async (): Promise<StreamOutput> => {
        const output: StreamOutput = { count: 0, last: undefined };
        for await (const chunk of await graph.stream({}, { streamMode: "custom" })) {
          output.count += 1;
          output.last = chunk;
        }
        return output;
      });
      return { values: { stream: ms, rate: (sizes.events / ms) * 1000 }, output: result };
    };
  },
  check(output, sizes) {
    const { count, last } = output as StreamOutput;
    if (count !== sizes.events) return `${count} events, expected ${sizes.events}`;
    const lastIndex = (last as { i?: number } | undefined)?.i;
    return lastIndex === sizes.events - 1 ? undefined : `last event is ${JSON.stringify(last)}`;
  },
};
