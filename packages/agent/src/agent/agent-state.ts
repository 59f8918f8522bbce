import {
  Annotation,
  type AnnotationRoot,
  type AnyStateLike,
  type BaseChannel,
  type BaseMessage,
  type Messages,
  messagesStateReducer,
  toStateDefinition,
} from "@weft/graph";
import type { AnyAgentMiddleware } from "../middleware/types.ts";

type Spec = Record<string, BaseChannel>;

/** The state declarations of one agent: the whole state and what `invoke` returns. */
export interface AgentStateDeclarations {
  /** Every channel: built-in, the agent's `stateSchema` and each middleware's. */
  state: AnnotationRoot<Spec>;
  /** The same without private (`_`-prefixed) fields, which results leave out. */
  output: AnnotationRoot<Spec>;
}

/** The built-in fields: the conversation and the structured answer. */
function builtInSpec(): Spec {
  const root = Annotation.Root({
    messages: Annotation<BaseMessage[], Messages>({
      reducer: messagesStateReducer,
      default: () => [],
    }),
    structuredResponse: Annotation<Record<string, unknown> | undefined>(),
  });
  return toStateDefinition(root).channels;
}

/**
 * Merges the built-in state, the agent's `stateSchema` and every middleware's
 * `stateSchema` into one graph state. A field declared twice keeps the last declaration,
 * except `messages`, whose built-in reducer is replaced only by the agent's own schema
 * (a middleware cannot change how the conversation is merged).
 */
export function agentStateDeclarations(
  stateSchema: AnyStateLike | undefined,
  middleware: readonly AnyAgentMiddleware[],
): AgentStateDeclarations {
  const spec: Spec = builtInSpec();
  if (stateSchema !== undefined) Object.assign(spec, channelsOf(stateSchema));
  for (const m of middleware) {
    if (m.stateSchema === undefined) continue;
    const { messages: _kept, ...channels } = channelsOf(m.stateSchema as AnyStateLike);
    Object.assign(spec, channels);
  }
  const publicSpec = Object.fromEntries(
    Object.entries(spec).filter(([key]) => !key.startsWith("_")),
  );
  return { state: Annotation.Root(spec), output: Annotation.Root(publicSpec) };
}

function channelsOf(schema: AnyStateLike): Spec {
  const definition = toStateDefinition(schema);
  return Object.fromEntries(definition.keys.map((key) => [key, definition.channels[key]!]));
}
