import type { CompatLib } from "./libs.ts";

/** Appends the update to the list: the reducer every logging graph uses. */
export const appendLog = (left: string[], right: string | string[]): string[] => left.concat(right);

/**
 * The state most graphs here share: `log`, a list reduced by {@link appendLog} that each
 * node appends its name to (so the result shows which nodes ran, in step order), and `last`,
 * a plain last-value field.
 */
export function logState(lib: CompatLib): any {
  return lib.Annotation.Root({
    log: lib.Annotation({ reducer: appendLog, default: () => [] }),
    last: lib.Annotation(),
  });
}

/** A node that logs its own name and becomes `last`. */
export function logNode(name: string): () => { log: string[]; last: string } {
  return () => ({ log: [name], last: name });
}

/** A node that records its name in `ran`, then returns `update` (by default, logs its name). */
export function trackedNode(
  name: string,
  ran: string[],
  update: Record<string, unknown> = { log: [name] },
): () => Record<string, unknown> {
  return () => {
    ran.push(name);
    return update;
  };
}

/** START → a: the smallest valid graph, with runs of `a` recorded in `ran`. */
export function singleNode(lib: CompatLib, ran: string[] = []): any {
  return new lib.StateGraph(logState(lib))
    .addNode("a", trackedNode("a", ran))
    .addEdge(lib.START, "a");
}

/** START → a → b → c → END over {@link logState}. */
export function linearChain(lib: CompatLib): any {
  return new lib.StateGraph(logState(lib))
    .addNode("a", logNode("a"))
    .addNode("b", logNode("b"))
    .addNode("c", logNode("c"))
    .addEdge(lib.START, "a")
    .addEdge("a", "b")
    .addEdge("b", "c")
    .addEdge("c", lib.END);
}

/**
 * START → a → (b ‖ c) → d → END, where b and c only append to the log (`last` is written
 * by one node per step, so the run is valid) and `d` has one edge from each branch.
 * `nodes` replaces any of the four node functions.
 */
export function diamond(
  lib: CompatLib,
  nodes: Partial<Record<"a" | "b" | "c" | "d", unknown>> = {},
): any {
  const branch = (name: string) => () => ({ log: [name] });
  return new lib.StateGraph(logState(lib))
    .addNode("a", nodes.a ?? logNode("a"))
    .addNode("b", nodes.b ?? branch("b"))
    .addNode("c", nodes.c ?? branch("c"))
    .addNode("d", nodes.d ?? logNode("d"))
    .addEdge(lib.START, "a")
    .addEdge("a", "b")
    .addEdge("a", "c")
    .addEdge("b", "d")
    .addEdge("c", "d")
    .addEdge("d", lib.END);
}

/**
 * START → (ok ‖ flaky) → after → END, where `flaky` throws while `failures.remaining > 0`
 * (counting down) and every node counts its runs in `runs`, so a test can see which nodes a
 * resume re-ran. Plain edges into `after`, not `addEdge(["ok", "flaky"], "after")`: the
 * peer loses the barrier write of `ok` when `flaky` fails, so on resume its `after` never
 * runs (a peer bug, see the report).
 */
export function failingPair(
  lib: CompatLib,
  failures: { remaining: number },
  runs: Record<string, number>,
): any {
  const counted = (name: string, body: () => void = () => {}) => {
    return () => {
      runs[name] = (runs[name] ?? 0) + 1;
      body();
      return { log: [name] };
    };
  };
  const fail = () => {
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      throw new Error("flaky failed");
    }
  };
  return new lib.StateGraph(logState(lib))
    .addNode("ok", counted("ok"))
    .addNode("flaky", counted("flaky", fail))
    .addNode("after", counted("after"))
    .addEdge(lib.START, "ok")
    .addEdge(lib.START, "flaky")
    .addEdge("ok", "after")
    .addEdge("flaky", "after")
    .addEdge("after", lib.END);
}
