import type { PendingWrite } from "@weft/checkpoint";
import { Command, isCommand } from "../command.ts";
import { BRANCH_PREFIX, END } from "../constants.ts";
import { InvalidGraphError, InvalidUpdateError, ParentCommand } from "../errors.ts";
import type { WriteContext } from "../pregel/spec.ts";
import { isSend } from "../send.ts";
import { type Branch, branchWrites, routeWrite } from "./branch.ts";

/** The outgoing edges of one node, resolved at compile time. */
export interface NodeEdges {
  /** Channels written with `null` to schedule static successors (`branch:to:X`). */
  readonly triggers: readonly string[];
  /** Barrier channels written with the node's name (`join:a+b:c`). */
  readonly joins: readonly string[];
  readonly branches: readonly Branch[];
}

/** Compile-time facts a node's writer needs. */
export interface WriterContext {
  readonly node: string;
  /** Every state channel a node may write. */
  readonly stateKeys: ReadonlySet<string>;
  /** Node names that `goto` / branches may target. */
  readonly nodes: ReadonlySet<string>;
  readonly edges: NodeEdges;
}

/**
 * Builds the function that turns a node's return value into channel writes:
 * its state update, then its static edges, barriers, `Command.goto` targets
 * and conditional edges (evaluated on the state with this node's update applied).
 */
export function createNodeWriter(ctx: WriterContext) {
  const { edges } = ctx;
  const hasBranches = edges.branches.length > 0;
  return (output: unknown, wctx: WriteContext): PendingWrite[] | Promise<PendingWrite[]> => {
    const writes: PendingWrite[] = [];
    if (isCommandList(output)) {
      // Several results at once (a ToolNode whose tools returned commands): each applies in order.
      for (const item of output) pushOutput(ctx, item, writes, wctx);
    } else {
      pushOutput(ctx, output, writes, wctx);
    }
    for (const channel of edges.triggers) writes.push([channel, null]);
    for (const channel of edges.joins) writes.push([channel, ctx.node]);
    if (!hasBranches) return writes;
    return appendBranches(ctx, writes, wctx);
  };
}

/** A node's return value: a `Command` (update and routes) or a state update. */
function pushOutput(
  ctx: WriterContext,
  output: unknown,
  writes: PendingWrite[],
  wctx: WriteContext,
): void {
  if (!isCommand(output)) {
    pushUpdate(ctx, output, writes);
    return;
  }
  if (output.graph === Command.PARENT) {
    if (wctx.nested) throw new ParentCommand(output);
    throw new InvalidGraphError(
      `Node "${ctx.node}" returned a Command for the parent graph, but this graph is not running as a subgraph.`,
      { node: ctx.node },
    );
  }
  pushUpdate(ctx, output.update, writes);
  for (const target of output.goto) pushRoute(ctx, target, writes);
}

/** A list of results with at least one `Command`, the others commands or update objects. */
function isCommandList(output: unknown): output is unknown[] {
  return (
    Array.isArray(output) &&
    output.some(isCommand) &&
    output.every(
      (item) =>
        isCommand(item) || (typeof item === "object" && item !== null && !Array.isArray(item)),
    )
  );
}

async function appendBranches(
  ctx: WriterContext,
  writes: PendingWrite[],
  wctx: WriteContext,
): Promise<PendingWrite[]> {
  const state = wctx.readFresh(writes);
  for (const branch of ctx.edges.branches) {
    for (const write of await branchWrites(ctx.node, branch, state, wctx.config)) {
      checkRoute(ctx, write);
      writes.push(write);
    }
  }
  return writes;
}

function pushRoute(ctx: WriterContext, target: unknown, writes: PendingWrite[]): void {
  if (typeof target !== "string" && !isSend(target)) {
    throw new InvalidUpdateError(
      `Node "${ctx.node}" returned a Command whose goto is not a node name or Send.`,
      "INVALID_GRAPH_NODE_RETURN_VALUE",
      { node: ctx.node },
    );
  }
  const write = routeWrite(target);
  if (!write) return;
  checkRoute(ctx, write);
  writes.push(write);
}

function checkRoute(ctx: WriterContext, write: PendingWrite): void {
  const [channel, value] = write;
  const target = isSend(value)
    ? value.node
    : channel.startsWith(BRANCH_PREFIX)
      ? channel.slice(BRANCH_PREFIX.length)
      : undefined;
  if (target !== undefined && target !== END && !ctx.nodes.has(target)) {
    throw new InvalidGraphError(
      `Node "${ctx.node}" routed to "${target}", which is not a node of this graph. Known nodes: ${[...ctx.nodes].join(", ")}.`,
      { node: ctx.node, target },
    );
  }
}

/** Appends the state writes of a node's update: an object, `[key, value]` pairs, or nothing. */
function pushUpdate(ctx: WriterContext, update: unknown, writes: PendingWrite[]): void {
  if (update === undefined || update === null) return;
  if (Array.isArray(update)) {
    if (
      update.every(
        (entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string",
      )
    ) {
      for (const [key, value] of update as [string, unknown][]) {
        if (ctx.stateKeys.has(key)) writes.push([key, value]);
      }
      return;
    }
    throw invalidReturn(ctx.node, update);
  }
  if (typeof update !== "object" || isSend(update)) throw invalidReturn(ctx.node, update);
  for (const key in update) {
    if (ctx.stateKeys.has(key)) writes.push([key, (update as Record<string, unknown>)[key]]);
  }
}

function invalidReturn(node: string, value: unknown): InvalidUpdateError {
  const shown = describe(value);
  return new InvalidUpdateError(
    `Expected node "${node}" to return an object with state keys (or a Command), got ${shown}.`,
    "INVALID_GRAPH_NODE_RETURN_VALUE",
    { node, received: shown },
  );
}

function describe(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    // fall through to the type name
  }
  return typeof value;
}
