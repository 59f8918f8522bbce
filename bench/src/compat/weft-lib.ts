import { MemorySaver } from "@weft/checkpoint";
import {
  AIMessage,
  Command,
  HumanMessage,
  MessagesAnnotation,
  MessagesValue,
  ReducedValue,
  RemoveMessage,
  UntrackedValue,
  WeftError,
} from "@weft/graph";
import { weft } from "../libs/weft.ts";
import type { CompatLib } from "./libs.ts";

/** The compatibility suite's view of Weft. */
export const weftCompat: CompatLib = {
  ...weft,
  Command,
  memorySaver: () => new MemorySaver(),
  MessagesAnnotation,
  MessagesValue,
  ReducedValue,
  UntrackedValue,
  messages: { HumanMessage, AIMessage, RemoveMessage },
  errorCode: (error) => (WeftError.isInstance(error) ? error.code : errorName(error)),
};

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
