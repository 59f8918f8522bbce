import { type BaseMessage, END, type ToolCall } from "@weft/graph";
import type {
  AnyAgentMiddleware,
  JumpToTarget,
  NodeHookHandler,
  NodeHookName,
} from "../middleware/types.ts";

/** The model node's name (as in the peer, so stream metadata and breakpoints match). */
export const MODEL_NODE = "model_request";
/** The tools node's name. */
export const TOOLS_NODE = "tools";

const NODE_SUFFIX: Record<NodeHookName, string> = {
  beforeAgent: "before_agent",
  beforeModel: "before_model",
  afterModel: "after_model",
  afterAgent: "after_agent",
};

/** One node-style hook placed in the graph. */
export interface HookSlot {
  /** `<middleware name>.<before_agent|before_model|after_model|after_agent>` */
  node: string;
  kind: NodeHookName;
  middleware: AnyAgentMiddleware;
  handler: NodeHookHandler<any, any>;
  canJumpTo: readonly JumpToTarget[];
}

/** Where every node of one agent goes: the documented execution order. */
export class AgentTopology {
  /** Hooks in execution order: `before*` in middleware order, `after*` in reverse. */
  readonly beforeAgent: HookSlot[];
  readonly beforeModel: HookSlot[];
  readonly afterModel: HookSlot[];
  readonly afterAgent: HookSlot[];
  readonly hasTools: boolean;

  constructor(middleware: readonly AnyAgentMiddleware[], hasTools: boolean) {
    this.beforeAgent = slots(middleware, "beforeAgent");
    this.beforeModel = slots(middleware, "beforeModel");
    this.afterModel = slots(middleware, "afterModel").reverse();
    this.afterAgent = slots(middleware, "afterAgent").reverse();
    this.hasTools = hasTools;
  }

  /** Every hook slot. */
  get hooks(): HookSlot[] {
    return [...this.beforeAgent, ...this.beforeModel, ...this.afterModel, ...this.afterAgent];
  }

  /** First node of a run. */
  get entry(): string {
    return this.beforeAgent[0]?.node ?? this.loopEntry;
  }

  /** First node of each model turn: the first `beforeModel` hook, or the model. */
  get loopEntry(): string {
    return this.beforeModel[0]?.node ?? MODEL_NODE;
  }

  /** Where the loop ends: the first `afterAgent` hook to run, or the end. */
  get exit(): string {
    return this.afterAgent[0]?.node ?? END;
  }

  /** Where the model node goes when no `afterModel` hook follows it: `undefined` = route. */
  get afterModelNode(): string | undefined {
    return this.afterModel[0]?.node;
  }

  /** The next node after a hook when it does not jump; `undefined` means "route after the model". */
  defaultNext(slot: HookSlot): string | undefined {
    const list = this[slot.kind];
    const next = list[list.indexOf(slot) + 1]?.node;
    if (next !== undefined) return next;
    switch (slot.kind) {
      case "beforeAgent":
        return this.loopEntry;
      case "beforeModel":
        return MODEL_NODE;
      case "afterModel":
        return undefined;
      case "afterAgent":
        return END;
    }
  }

  /**
   * The node a jump leads to from a hook of `kind`: `"end"` to the `afterAgent` hooks
   * (from an `afterAgent` hook: the end), `"tools"` to the tools node (the exit when the
   * agent has no tools), `"model"` to the first `beforeModel` hook (from a `beforeModel`
   * hook: the model itself, so a hook cannot loop on itself).
   */
  jumpDestination(kind: NodeHookName, target: JumpToTarget): string {
    if (target === "end") return kind === "afterAgent" ? END : this.exit;
    if (target === "tools") return this.hasTools ? TOOLS_NODE : this.exit;
    return kind === "beforeModel" ? MODEL_NODE : this.loopEntry;
  }

  /** Every node a hook may lead to (for the graph drawing and validation). */
  destinations(slot: HookSlot): string[] {
    const next = this.defaultNext(slot);
    const out = new Set<string>(next !== undefined ? [next] : this.modelRouteDestinations());
    for (const target of slot.canJumpTo) out.add(this.jumpDestination(slot.kind, target));
    return [...out];
  }

  /** Every node the route after a model turn may choose. */
  modelRouteDestinations(): string[] {
    const out = new Set<string>([this.exit, this.loopEntry]);
    if (this.hasTools) out.add(TOOLS_NODE);
    return [...out];
  }

  /**
   * Where a model turn goes once its `afterModel` hooks ran: the tools while the last AI
   * message has unanswered tool calls; back to the model when the turn ended with tool
   * results but no new question (a structured-output error to retry, calls a hook
   * answered or rejected); otherwise the exit (a final answer, or a structured answer).
   */
  routeAfterModel(
    messages: readonly BaseMessage[],
    structuredToolNames: ReadonlySet<string>,
  ): string {
    const last = messages[messages.length - 1] as
      | (BaseMessage & { name?: string; status?: string })
      | undefined;
    const pending = pendingToolCalls(messages).filter(
      (call) => !structuredToolNames.has(call.name),
    );
    if (pending.length > 0) return this.hasTools ? TOOLS_NODE : this.exit;
    if (last !== undefined && messageType(last) === "tool") {
      const name = last.name;
      if (name !== undefined && structuredToolNames.has(name) && last.status !== "error") {
        return this.exit;
      }
      return this.loopEntry;
    }
    return this.exit;
  }
}

function slots(middleware: readonly AnyAgentMiddleware[], kind: NodeHookName): HookSlot[] {
  const out: HookSlot[] = [];
  for (const m of middleware) {
    const hook = m[kind];
    if (hook === undefined) continue;
    const isObject = typeof hook === "object" && hook !== null;
    out.push({
      node: `${m.name}.${NODE_SUFFIX[kind]}`,
      kind,
      middleware: m,
      handler: (isObject ? hook.hook : hook) as NodeHookHandler<any, any>,
      canJumpTo: isObject ? (hook.canJumpTo ?? []) : [],
    });
  }
  return out;
}

/** The type of a Weft or `@langchain/core` message. */
export function messageType(message: unknown): string | undefined {
  const m = message as { type?: unknown; _getType?: () => string; getType?: () => string };
  if (typeof m?.getType === "function") return m.getType();
  if (typeof m?._getType === "function") return m._getType();
  return typeof m?.type === "string" ? m.type : undefined;
}

/** The tool calls of the last AI message that no later `ToolMessage` answers. */
export function pendingToolCalls(messages: readonly BaseMessage[]): ToolCall[] {
  const answered = new Set<string>();
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    const type = messageType(message);
    if (type === "tool") {
      answered.add((message as unknown as { tool_call_id: string }).tool_call_id);
    } else if (type === "ai") {
      const calls = (message as unknown as { tool_calls?: ToolCall[] }).tool_calls ?? [];
      return calls.filter((call) => call.id == null || !answered.has(call.id));
    }
  }
  return [];
}
