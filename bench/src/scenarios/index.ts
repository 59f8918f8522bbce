import type { AnyScenario } from "../scenario.ts";
import { fanoutSend } from "./fanout-send.ts";
import { messagesLoop } from "./messages-loop.ts";
import { saverRaw } from "./saver-raw.ts";
import { seqChain } from "./seq-chain.ts";
import { stateHistory } from "./state-history.ts";
import { storeSearch } from "./store-search.ts";
import { streamCustom } from "./stream-custom.ts";

/** Every scenario, in the order a run goes through them. */
export const SCENARIOS: readonly AnyScenario[] = [
  seqChain,
  fanoutSend,
  messagesLoop,
  streamCustom,
  stateHistory,
  saverRaw,
  storeSearch,
];

/** The scenario of that name, or undefined. */
export function findScenario(name: string): AnyScenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
