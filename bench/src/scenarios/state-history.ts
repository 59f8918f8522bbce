import type { Scenario } from "../scenario.ts";
import { timed } from "../timer.ts";
import { compileFor, freshThread } from "./compile.ts";
import { buildMessagesLoop, checkLoopMessages, loopInput } from "./messages-graph.ts";
import { messagesVariants } from "./variants.ts";

interface Sizes {
  messages: number;
}

interface HistoryOutput {
  snapshots: number;
  messages: unknown;
}

/** `state_history`: read back the 500-message thread of `messages_loop`. */
export const stateHistory: Scenario<Sizes> = {
  name: "state_history",
  summary: "full getStateHistory of the 500-message thread; getState",
  sizes: { messages: 500 },
  smokeSizes: { messages: 100 },
  runs: { warmup: 2, measured: 7 },
  variants: messagesVariants(),
  metrics: [
    { key: "history", label: "getStateHistory (all)", unit: "ms", better: "lower", compare: true },
    { key: "state", label: "getState", unit: "ms", better: "lower", compare: true },
  ],
  async prepare(lib, variant, sizes) {
    const graph = await compileFor(buildMessagesLoop(lib, variant, sizes.messages), lib, variant);
    const config = freshThread();
    await graph.invoke(loopInput(lib), { ...config, recursionLimit: sizes.messages + 10 });
    return async () => {
      const history = await timed(async () => {
        let snapshots = 0;
        for await (const _snapshot of graph.getStateHistory(config)) snapshots += 1;
        return snapshots;
      });
      const state = await timed(
        (): Promise<{ values: { messages?: unknown } }> => graph.getState(config),
      );
      const output: HistoryOutput = {
        snapshots: history.result,
        messages: state.result.values.messages,
      };
      return { values: { history: history.ms, state: state.ms }, output };
    };
  },
  check(output, sizes) {
    const { snapshots, messages } = output as HistoryOutput;
    // One checkpoint per step (sizes.messages - 1 of them), plus the input and START ones.
    if (snapshots !== sizes.messages + 1) {
      return `${snapshots} snapshots, expected ${sizes.messages + 1}`;
    }
    return checkLoopMessages(messages, sizes.messages);
  },
};
