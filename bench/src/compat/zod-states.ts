import { z } from "zod";
import { failurePoint } from "./failure-point.ts";
import { collect, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";

/**
 * A `StateSchema` using every kind of field: a required string, a zod default, an optional
 * field, a `ReducedValue` whose updates are single strings (`inputSchema`), `MessagesValue`
 * and an `UntrackedValue` with a default.
 */
export function mixedSchema(lib: CompatLib): any {
  return new lib.StateSchema({
    name: z.string(),
    count: z.number().default(0),
    note: z.string().optional(),
    items: new lib.ReducedValue(
      z.array(z.string()).default(() => []),
      {
        inputSchema: z.string(),
        reducer: (current: string[], update: string) => current.concat(update),
      },
    ),
    messages: lib.MessagesValue,
    scratch: new lib.UntrackedValue(z.string().default("s0")),
  });
}

/** A plain zod object state: a defaulted, a required and an optional field. */
export const plainZodState = z.object({
  name: z.string().default("anon"),
  count: z.number(),
  note: z.string().optional(),
});

/**
 * START → a over `state`, checkpointed, where `a` records a copy of the state it saw in
 * `seen` and returns `update` (given that state).
 */
export function recordingGraph(
  lib: CompatLib,
  state: unknown,
  seen: unknown[],
  update: (state: any) => Record<string, unknown> = () => ({}),
): any {
  return new lib.StateGraph(state)
    .addNode("a", (s: Record<string, unknown>) => {
      seen.push({ ...s });
      return update(s);
    })
    .addEdge(lib.START, "a")
    .compile({ checkpointer: lib.memorySaver() });
}

/** The fields of a JSON schema both libraries are compared on. */
export function schemaOutline(schema: any): {
  type: unknown;
  properties: string[];
  required: unknown;
} {
  return {
    type: schema.type,
    properties: Object.keys(schema.properties ?? {}).sort(),
    required: schema.required,
  };
}

/** What a thread looks like from outside: its values, next nodes and history length. */
export async function threadView(
  graph: any,
): Promise<{ values: unknown; next: unknown; history: number }> {
  const state = await graph.getState(onThread());
  const history = await collect(graph.getStateHistory(onThread()));
  return { values: state.values, next: state.next, history: history.length };
}

/** An input a state must reject, optionally sent to a thread that already holds a run. */
export interface InvalidInputCase {
  state(lib: CompatLib): unknown;
  /** A valid input run first on the same thread, or none for a fresh thread. */
  first?: Record<string, unknown>;
  bad: Record<string, unknown>;
}

/**
 * Runs {@link InvalidInputCase.first} (if any), then the bad input, and reports where the
 * bad run failed, with which code, how many node runs it made, and the thread before and
 * after it.
 */
export async function rejectInput(lib: CompatLib, input: InvalidInputCase) {
  const seen: unknown[] = [];
  const graph = recordingGraph(lib, input.state(lib), seen);
  if (input.first) await graph.invoke(input.first, onThread());
  const before = await threadView(graph);
  const ranBefore = seen.length;
  const point = await failurePoint(lib, {
    build: () => undefined,
    compile: () => graph,
    run: (g) => g.invoke(input.bad, onThread()),
  });
  return {
    phase: point.phase,
    code: point.code,
    ran: seen.length - ranBefore,
    before,
    after: await threadView(graph),
  };
}

/** The invalid inputs both libraries are compared on, by label. */
export const INVALID_INPUTS: [string, InvalidInputCase][] = [
  ["StateSchema field of the wrong type", { state: mixedSchema, bad: { name: 1 } }],
  [
    "StateSchema field of the wrong type, on a thread with a run",
    { state: mixedSchema, first: { name: "n" }, bad: { name: "m", count: "x" } },
  ],
  [
    "ReducedValue update not matching its inputSchema",
    { state: mixedSchema, first: { name: "n", items: "i" }, bad: { items: ["i"] } },
  ],
  ["z.object field of the wrong type", { state: () => plainZodState, bad: { count: "x" } }],
  [
    "z.object field of the wrong type, on a thread with a run",
    { state: () => plainZodState, first: { count: 1 }, bad: { count: "x" } },
  ],
];
