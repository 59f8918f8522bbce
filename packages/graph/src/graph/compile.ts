import { type PendingWrite, TASKS } from "@weft/checkpoint";
import type { BaseChannel } from "../channels/base.ts";
import {
  EphemeralValue,
  LastValueAfterFinish,
  NamedBarrierValue,
  NamedBarrierValueAfterFinish,
  Topic,
} from "../channels/index.ts";
import { BRANCH_PREFIX, JOIN_PREFIX, START } from "../constants.ts";
import { GraphInputError } from "../errors.ts";
import type { GraphSpec, PregelNode } from "../pregel/spec.ts";
import { type StateDefinition, toStateDefinition } from "../state/index.ts";
import type { LangGraphRunnableConfig } from "../types.ts";
import { createNodeWriter, type NodeEdges } from "./node-writes.ts";
import type { AnyStateGraph, CompileOptions, NodeAction, NodeSpec } from "./state-graph.ts";
import { validateGraph } from "./validate.ts";

/** Turns a StateGraph definition into the executable spec the superstep loop runs. */
export function compileStateGraph(builder: AnyStateGraph, options: CompileOptions): GraphSpec {
  validateGraph(builder, options);

  let state = toStateDefinition(builder.state);
  const input = builder.options.input ? toStateDefinition(builder.options.input) : state;
  const output = builder.options.output ? toStateDefinition(builder.options.output) : state;
  if (builder.stateIsUnion) state = unionOf(input, output);
  const channels: Record<string, BaseChannel> = {};
  const addChannels = (def: StateDefinition) => {
    for (const key of def.keys) channels[key] ??= def.channels[key]!;
  };
  addChannels(state);
  addChannels(input);
  addChannels(output);
  const nodeInputs = new Map<string, StateDefinition>();
  for (const node of builder.nodes.values()) {
    if (node.options.input) {
      const def = toStateDefinition(node.options.input);
      nodeInputs.set(node.name, def);
      addChannels(def);
    }
  }
  const stateKeys = new Set(Object.keys(channels));

  channels[START] = new EphemeralValue(false);
  channels[TASKS] = new Topic({ accumulate: false });
  for (const node of builder.nodes.values()) {
    channels[BRANCH_PREFIX + node.name] = node.options.defer
      ? new LastValueAfterFinish()
      : new EphemeralValue(false);
  }

  const joinsBySource = new Map<string, string[]>();
  const joinsByTarget = new Map<string, string[]>();
  for (const [sources, target] of builder.waitingEdges) {
    const channel = `${JOIN_PREFIX}${sources.join("+")}:${target}`;
    const deferred = builder.nodes.get(target)?.options.defer === true;
    channels[channel] = deferred
      ? new NamedBarrierValueAfterFinish(new Set(sources))
      : new NamedBarrierValue(new Set(sources));
    for (const source of sources) push(joinsBySource, source, channel);
    push(joinsByTarget, target, channel);
  }

  const nodeNames = new Set(builder.nodes.keys());
  const edgesOf = (source: string): NodeEdges => ({
    triggers: builder.edges
      .filter(([s]) => s === source)
      .map(([, t]) => t)
      .filter((t) => nodeNames.has(t))
      .map((t) => BRANCH_PREFIX + t),
    joins: joinsBySource.get(source) ?? [],
    branches: builder.branches.get(source) ?? [],
  });

  const nodes: Record<string, PregelNode> = {};
  const startWriter = createNodeWriter({
    node: START,
    stateKeys: inputKeySet(input),
    nodes: nodeNames,
    edges: edgesOf(START),
  });
  nodes[START] = {
    name: START,
    triggers: [START],
    input: { kind: "channel", channel: START },
    run: identity,
    toWrites: startWriter,
    hidden: true,
  };
  for (const spec of builder.nodes.values()) {
    const triggers = [BRANCH_PREFIX + spec.name, ...(joinsByTarget.get(spec.name) ?? [])];
    const readKeys = nodeInputs.get(spec.name)?.keys ?? state.keys;
    nodes[spec.name] = {
      name: spec.name,
      triggers,
      input: { kind: "state", keys: readKeys },
      run: toRunner(spec),
      toWrites: createNodeWriter({
        node: spec.name,
        stateKeys,
        nodes: nodeNames,
        edges: edgesOf(spec.name),
      }),
      retryPolicy: spec.options.retryPolicy,
      cachePolicy: spec.options.cachePolicy,
      metadata: spec.options.metadata,
      subgraphs: isGraph(spec.action) ? [spec.action] : spec.options.subgraphs,
    };
  }

  // A Command given as run input writes like a node with no edges of its own.
  const commandWriter = createNodeWriter({
    node: "__input__",
    stateKeys,
    nodes: nodeNames,
    edges: { triggers: [], joins: [], branches: [] },
  });

  const triggerToNodes: Record<string, string[]> = {};
  for (const node of Object.values(nodes)) {
    for (const ch of node.triggers) {
      triggerToNodes[ch] ??= [];
      triggerToNodes[ch].push(node.name);
    }
  }

  return {
    name: options.name ?? "LangGraph",
    nodes,
    channels,
    inputChannel: START,
    validateInput: input.parseInput ?? requireObjectInput,
    parseContext: contextParser(builder.options.contextSchema ?? builder.options.context),
    outputKeys: output.keys,
    stateKeys: state.keys,
    triggerToNodes,
    checkpointer: options.checkpointer ?? undefined,
    commandWrites: (command) =>
      commandWriter(command, { readFresh: () => ({}), config: {} }) as PendingWrite[],
    store: options.store,
    cache: options.cache,
    interruptBefore: options.interruptBefore ?? [],
    interruptAfter: options.interruptAfter ?? [],
  };
}

/** The state of a graph declared only by its input and output definitions. */
function unionOf(input: StateDefinition, output: StateDefinition): StateDefinition {
  const keys = [...input.keys, ...output.keys.filter((k) => !input.keys.includes(k))];
  return {
    channels: { ...output.channels, ...input.channels },
    keys,
    parseInput: input.parseInput,
  };
}

function requireObjectInput(input: unknown): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new GraphInputError(
      "INVALID_INPUT",
      `Expected the graph input to be an object of state keys, got ${Array.isArray(input) ? "an array" : typeof input}.`,
    );
  }
  return input;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function inputKeySet(input: StateDefinition): Set<string> {
  return new Set(input.keys);
}

/** A validator for `config.context` when its schema is a zod schema (or anything with `safeParse`). */
function contextParser(schema: unknown): ((context: unknown) => unknown) | undefined {
  if (typeof (schema as { safeParse?: unknown } | undefined)?.safeParse !== "function") return;
  const zod = schema as {
    safeParse(value: unknown): { success: boolean; data?: unknown; error?: { message: string } };
  };
  return (context) => {
    const result = zod.safeParse(context ?? {});
    if (result.success) return result.data;
    throw new GraphInputError(
      "INVALID_INPUT",
      `The run's context does not match the graph's context schema: ${result.error?.message}`,
    );
  };
}

/** A compiled graph used as a node (duck-typed: another installed copy of Weft counts too). */
function isGraph(action: NodeAction): action is NodeAction & { spec: GraphSpec } {
  return typeof action === "object" && action !== null && "spec" in action;
}

function identity<T>(value: T): T {
  return value;
}

function toRunner(spec: NodeSpec): PregelNode["run"] {
  const action: NodeAction = spec.action;
  if (typeof action === "function") return action as PregelNode["run"];
  return (input: unknown, config: LangGraphRunnableConfig) => action.invoke(input, config);
}
