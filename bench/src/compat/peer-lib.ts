import { AIMessage, HumanMessage, RemoveMessage } from "@langchain/core/messages";
import {
  Command,
  entrypoint,
  getPreviousState,
  interrupt,
  MemorySaver,
  MessagesAnnotation,
  MessagesValue,
  ReducedValue,
  task,
  UntrackedValue,
} from "@langchain/langgraph";
import { peer } from "../libs/peer.ts";
import { type CompatLib, errorName } from "./libs.ts";

/** The compatibility suite's view of the peer (`@langchain/langgraph` 1.7). */
export const peerCompat: CompatLib = {
  ...peer,
  Command,
  interrupt,
  entrypoint: entrypoint as CompatLib["entrypoint"],
  task: task as CompatLib["task"],
  getPreviousState,
  memorySaver: () => new MemorySaver(),
  MessagesAnnotation,
  MessagesValue,
  ReducedValue,
  UntrackedValue,
  messages: { HumanMessage, AIMessage, RemoveMessage },
  errorCode(error) {
    const code = (error as { lc_error_code?: unknown } | null)?.lc_error_code;
    if (typeof code === "string") return code;
    return errorName(error);
  },
};
