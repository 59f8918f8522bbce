import { Command, isCommand } from "../command.ts";
import type { Send } from "../send.ts";

type Pair = [string, unknown];

function updatePairs(update: unknown): Pair[] {
  if (update === undefined || update === null) return [];
  if (Array.isArray(update)) return update as Pair[];
  return Object.entries(update as Record<string, unknown>);
}

/**
 * The node return value for the results of several tool calls. Without commands:
 * `{ messages }` (or the list). With commands, one `Command` whose update lists, in call
 * order, each tool message and each command's update as `[key, value]` pairs, so every
 * write reaches its reducer (two tools writing one plain key still conflict, as they
 * should), and whose `goto` joins theirs. Commands for the parent graph are joined into
 * one parent command; mixed with local results, both commands are returned in a list.
 */
export function combineToolOutputs(outputs: readonly unknown[], asList: boolean): unknown {
  if (!outputs.some(isCommand)) return asList ? [...outputs] : { messages: [...outputs] };
  const local: Pair[] = [];
  const localGoto: (string | Send)[] = [];
  const parent: Pair[] = [];
  const parentGoto: (string | Send)[] = [];
  let hasLocal = false;
  let hasParent = false;
  for (const output of outputs) {
    if (!isCommand(output)) {
      local.push(["messages", [output]]);
      hasLocal = true;
    } else if (output.graph === Command.PARENT) {
      parent.push(...updatePairs(output.update));
      parentGoto.push(...output.goto);
      hasParent = true;
    } else {
      local.push(...updatePairs(output.update));
      localGoto.push(...output.goto);
      hasLocal = true;
    }
  }
  const localCommand = new Command({ update: local, goto: localGoto });
  if (!hasParent) return localCommand;
  const parentCommand = new Command({ graph: Command.PARENT, update: parent, goto: parentGoto });
  return hasLocal ? [localCommand, parentCommand] : parentCommand;
}
