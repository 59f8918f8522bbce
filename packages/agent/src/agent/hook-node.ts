import {
  type BaseMessage,
  Command,
  isCommand,
  type LangGraphRunnableConfig,
  type Messages,
  messagesStateReducer,
} from "@weft/graph";
import { MiddlewareError } from "../errors.ts";
import { JUMP_TO_TARGETS, type JumpToTarget } from "../middleware/types.ts";
import { runtimeFor } from "./runtime.ts";
import type { AgentTopology, HookSlot } from "./topology.ts";

type State = Record<string, unknown> & { messages: BaseMessage[] };

/**
 * The graph node of one node-style hook. It runs the hook with the state and the
 * middleware's runtime, applies the returned update, and routes itself with a `Command`:
 * to the allowed `jumpTo` target, or to the next node of the documented order (for the
 * last `afterModel` hook: the route after the model).
 *
 * @throws MiddlewareError `INVALID_GRAPH_NODE_RETURN_VALUE` for a `jumpTo` outside the
 *   hook's `canJumpTo`, or a result that is not an object.
 */
export function hookNode(
  slot: HookSlot,
  topology: AgentTopology,
  structuredToolNames: ReadonlySet<string>,
) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<Command> => {
    const runtime = await runtimeFor(config, slot.middleware);
    const result = await slot.handler(state, runtime);
    if (isCommand(result)) {
      // A command that routes itself is taken as it is; one that only updates continues
      // along the documented order.
      if (result.goto.length > 0 || result.graph !== undefined) return result;
      const next =
        topology.defaultNext(slot) ?? topology.routeAfterModel(state.messages, structuredToolNames);
      return new Command({ update: result.update, goto: next });
    }
    if (result !== undefined && result !== null && typeof result !== "object") {
      throw new MiddlewareError(
        slot.middleware.name,
        `${slot.node} returned ${typeof result}; a hook returns a state update object or nothing.`,
      );
    }
    const { jumpTo, ...update } = (result ?? {}) as Record<string, unknown> & {
      jumpTo?: JumpToTarget;
    };
    let goto: string | undefined;
    if (jumpTo !== undefined && jumpTo !== null) {
      if (!slot.canJumpTo.includes(jumpTo) || !JUMP_TO_TARGETS.includes(jumpTo)) {
        const allowed =
          slot.canJumpTo.length > 0
            ? `must be one of: ${slot.canJumpTo.join(", ")}`
            : `no ${slot.kind}.canJumpTo is declared in middleware "${slot.middleware.name}"`;
        throw new MiddlewareError(
          slot.middleware.name,
          `Invalid jump target: ${String(jumpTo)}, ${allowed}.`,
        );
      }
      goto = topology.jumpDestination(slot.kind, jumpTo);
    }
    goto ??=
      topology.defaultNext(slot) ??
      topology.routeAfterModel(messagesAfter(state, update), structuredToolNames);
    return new Command({ update, goto });
  };
}

/** The conversation once `update` is applied (for routing on what the hook wrote). */
export function messagesAfter(state: State, update: Record<string, unknown>): BaseMessage[] {
  if (!("messages" in update) || update.messages === undefined) return state.messages;
  return messagesStateReducer(state.messages, update.messages as Messages) as BaseMessage[];
}
