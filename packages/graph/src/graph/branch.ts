import type { PendingWrite } from "@weft/checkpoint";
import { TASKS } from "@weft/checkpoint";
import { BRANCH_PREFIX, END } from "../constants.ts";
import { InvalidGraphError } from "../errors.ts";
import { isSend, type Send } from "../send.ts";
import type { LangGraphRunnableConfig } from "../types.ts";

/** What a routing function may return: node names, `Send`s, or lists of them. */
export type BranchResult = string | Send | (string | Send)[];

/** A routing function of a conditional edge. */
export type BranchPath<State = any> = (
  state: State,
  config: LangGraphRunnableConfig,
) => BranchResult | Promise<BranchResult>;

/** Maps the routing function's results to node names: a list of allowed names, or result → name. */
export type PathMap = readonly string[] | Readonly<Record<string, string>>;

/** A conditional edge as stored by the builder. */
export interface Branch {
  readonly path: BranchPath;
  /** Result → destination; undefined when the function returns node names directly. */
  readonly ends?: Readonly<Record<string, string>>;
}

/** Normalizes a path map to result → destination. */
export function toEnds(pathMap: PathMap | undefined): Record<string, string> | undefined {
  if (pathMap === undefined) return undefined;
  if (Array.isArray(pathMap)) return Object.fromEntries(pathMap.map((name) => [name, name]));
  return { ...(pathMap as Record<string, string>) };
}

/** The write that schedules `destination` (a node name, END, or a Send). */
export function routeWrite(destination: string | Send): PendingWrite | undefined {
  if (isSend(destination)) {
    if (destination.node === END) throw new InvalidGraphError("Cannot Send to END.");
    return [TASKS, destination];
  }
  if (destination === END) return undefined;
  return [BRANCH_PREFIX + destination, null];
}

/** Evaluates a conditional edge and returns the writes that schedule its destinations. */
export async function branchWrites(
  source: string,
  branch: Branch,
  state: unknown,
  config: LangGraphRunnableConfig,
): Promise<PendingWrite[]> {
  const result = await branch.path(state, config);
  const results = Array.isArray(result) ? result : [result];
  const writes: PendingWrite[] = [];
  for (const item of results) {
    let destination: string | Send;
    if (isSend(item)) destination = item;
    else if (branch.ends) {
      const mapped = branch.ends[String(item)];
      if (mapped === undefined) {
        throw new InvalidGraphError(
          `Conditional edge from "${source}" returned "${String(item)}", which is not in its path map (${Object.keys(branch.ends).join(", ")}).`,
          { source, result: item },
        );
      }
      destination = mapped;
    } else if (typeof item === "string") destination = item;
    else {
      throw new InvalidGraphError(
        `Conditional edge from "${source}" must return node names or Send objects, got ${typeof item}.`,
        { source },
      );
    }
    const write = routeWrite(destination);
    if (write) writes.push(write);
  }
  return writes;
}
