import { END, START } from "../constants.ts";
import { InvalidGraphError } from "../errors.ts";
import type { AnyStateGraph, CompileOptions } from "./state-graph.ts";

/**
 * Structural checks run by `compile()`: every edge names known nodes, the
 * graph has an entry point, every node can be reached, and interrupt lists
 * name real nodes. Each error names the offending node.
 */
export function validateGraph(builder: AnyStateGraph, options: CompileOptions): void {
  const nodes = new Set(builder.nodes.keys());
  const known = (name: string) => nodes.has(name);

  const sources: string[] = [];
  const targets: string[] = [];
  for (const [source, target] of builder.edges) {
    sources.push(source);
    targets.push(target);
  }
  for (const [group, target] of builder.waitingEdges) {
    sources.push(...group);
    targets.push(target);
  }
  for (const source of builder.branches.keys()) sources.push(source);

  for (const source of sources) {
    if (source !== START && !known(source)) {
      throw new InvalidGraphError(`Found an edge starting at unknown node "${source}".`, {
        node: source,
      });
    }
  }
  for (const target of targets) {
    if (target !== END && !known(target)) {
      throw new InvalidGraphError(`Found an edge ending at unknown node "${target}".`, {
        node: target,
      });
    }
  }

  // Destinations that dynamic routing may reach; `undefined` = any node (a branch without a path map).
  let anyNodeReachable = false;
  const dynamicTargets: string[] = [];
  for (const [source, branches] of builder.branches) {
    for (const branch of branches) {
      if (branch.ends === undefined) {
        anyNodeReachable = true;
        continue;
      }
      for (const target of Object.values(branch.ends)) {
        if (target !== END && !known(target)) {
          throw new InvalidGraphError(
            `Conditional edge from "${source}" lists unknown node "${target}" in its path map.`,
            { node: source, target },
          );
        }
        dynamicTargets.push(target);
      }
    }
  }
  for (const node of builder.nodes.values()) {
    for (const target of node.options.ends ?? []) {
      if (target !== END && !known(target)) {
        throw new InvalidGraphError(
          `Node "${node.name}" declares unknown node "${target}" in its ends.`,
          {
            node: node.name,
            target,
          },
        );
      }
      dynamicTargets.push(target);
    }
  }

  const hasEntry =
    builder.edges.some(([source]) => source === START) ||
    builder.waitingEdges.some(([group]) => group.includes(START)) ||
    builder.branches.has(START);
  if (!hasEntry) {
    throw new InvalidGraphError(
      'The graph has no entry point: add an edge from START to the first node, e.g. addEdge(START, "first").',
    );
  }

  if (!anyNodeReachable) {
    const reachable = new Set([...targets, ...dynamicTargets]);
    for (const name of nodes) {
      if (!reachable.has(name)) {
        throw new InvalidGraphError(
          `Node "${name}" is not reachable: no edge leads to it. Add an edge to it, or, if another node ` +
            `routes to it with Command({ goto }), declare it in that node's \`ends\` option.`,
          { node: name },
        );
      }
    }
  }

  for (const [option, list] of [
    ["interruptBefore", options.interruptBefore],
    ["interruptAfter", options.interruptAfter],
  ] as const) {
    if (list === undefined || list === "*") continue;
    for (const name of list) {
      if (!known(name)) {
        throw new InvalidGraphError(`${option} names unknown node "${name}".`, { node: name });
      }
    }
  }
}
