import { MemorySaver } from "@weft/checkpoint";
import {
  AIMessage,
  Command,
  entrypoint,
  getPreviousState,
  HumanMessage,
  interrupt,
  MessagesAnnotation,
  MessagesValue,
  ReducedValue,
  RemoveMessage,
  task,
  UntrackedValue,
  WeftError,
} from "@weft/graph";
import { weft } from "../libs/weft.ts";
import { type CompatLib, errorName } from "./libs.ts";

/** The compatibility suite's view of Weft. */
export const weftCompat: CompatLib = {
  ...weft,
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
  errorCode: (error) => (WeftError.isInstance(error) ? error.code : errorName(error)),
};
