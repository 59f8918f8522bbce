import { isSend, type Send } from "./send.ts";

/** Where a `Command` applies: the current graph (default) or its parent. */
export type CommandGraph = typeof Command.PARENT | undefined;

/** Constructor fields of a {@link Command}. */
export interface CommandParams<Update = Record<string, unknown>, Resume = unknown> {
  /** A state update, applied like a node's return value. */
  update?: Update | [string, unknown][];
  /** Node(s) to run next (names or `Send`s), in addition to the graph's edges. */
  goto?: string | Send | (string | Send)[];
  /** Resume value(s) for `interrupt()`: one value, or a map of interrupt id → value. */
  resume?: Resume;
  /** `Command.PARENT` sends the command to the parent graph (from inside a subgraph). */
  graph?: string;
}

/**
 * Returned from a node to update state and choose what runs next in one go;
 * passed to `invoke` / `stream` as `new Command({ resume })` to resume after `interrupt()`.
 *
 * @example
 * return new Command({ update: { approved: true }, goto: "execute" });
 */
export class Command<Update = Record<string, unknown>, Resume = unknown> {
  /** Target the parent graph. */
  static readonly PARENT = "__parent__";

  readonly lg_name = "Command";
  readonly update?: Update | [string, unknown][];
  readonly goto: (string | Send)[];
  readonly resume?: Resume;
  readonly graph?: string;

  constructor(params: CommandParams<Update, Resume> = {}) {
    this.update = params.update;
    this.resume = params.resume;
    this.graph = params.graph;
    const goto = params.goto;
    this.goto = goto === undefined ? [] : Array.isArray(goto) ? [...goto] : [goto];
  }

  toJSON(): Record<string, unknown> {
    return {
      lg_name: "Command",
      update: this.update,
      goto: this.goto,
      resume: this.resume,
      graph: this.graph,
    };
  }
}

/** True for a `Command`, also one created by another installed copy of Weft. */
export function isCommand(value: unknown): value is Command {
  return (
    value instanceof Command ||
    (typeof value === "object" &&
      value !== null &&
      (value as { lg_name?: unknown }).lg_name === "Command")
  );
}

/** The `Send`s among a command's `goto`. */
export function commandSends(command: Command): Send[] {
  return command.goto.filter(isSend);
}
