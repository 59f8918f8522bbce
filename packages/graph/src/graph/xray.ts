import { END, START } from "../constants.ts";
import { type DrawableEdge, DrawableGraph, type DrawableNode } from "./drawable-graph.ts";

/** Something that can draw itself (a compiled graph). */
export interface Drawable {
  getGraph(options?: { xray?: boolean | number }): DrawableGraph;
}

/**
 * Replaces each node that runs a drawable subgraph by the subgraph's own nodes, named
 * `node:inner`. Edges into the node lead to the subgraph's first nodes; the subgraph's
 * edges to its end leave from its last nodes to wherever the node led. `depth` counts
 * how many levels to open (`Infinity` for all).
 */
export function expandSubgraphs(
  graph: DrawableGraph,
  subgraphOf: (node: string) => Drawable | undefined,
  depth: number,
): DrawableGraph {
  if (depth <= 0) return graph;
  let nodes: DrawableNode[] = [...graph.nodes];
  let edges: DrawableEdge[] = [...graph.edges];
  for (const { id } of graph.nodes) {
    const sub = id === START || id === END ? undefined : subgraphOf(id);
    if (!sub) continue;
    const inner = sub.getGraph({ xray: depth - 1 });
    const name = (innerId: string) => `${id}:${innerId}`;
    const incoming = edges.filter((e) => e.target === id);
    const outgoing = edges.filter((e) => e.source === id);
    const expanded: DrawableEdge[] = [];
    for (const edge of inner.edges) {
      const fromStart = edge.source === START;
      const toEnd = edge.target === END;
      if (fromStart && toEnd) continue;
      if (fromStart) {
        for (const into of incoming)
          expanded.push({
            ...into,
            target: name(edge.target),
            conditional: into.conditional || edge.conditional,
          });
      } else if (toEnd) {
        for (const out of outgoing)
          expanded.push({
            ...out,
            source: name(edge.source),
            conditional: out.conditional || edge.conditional,
          });
      } else {
        expanded.push({ ...edge, source: name(edge.source), target: name(edge.target) });
      }
    }
    edges = [...edges.filter((e) => e.source !== id && e.target !== id), ...expanded];
    const at = nodes.findIndex((n) => n.id === id);
    const innerNodes = inner.nodes
      .filter((n) => n.id !== START && n.id !== END)
      .map((n) => ({ ...n, id: name(n.id) }));
    nodes = [...nodes.slice(0, at), ...innerNodes, ...nodes.slice(at + 1)];
  }
  return new DrawableGraph(nodes, edges);
}

/** `xray` as a depth: `true` opens every level, a number that many, `false` / absent none. */
export function xrayDepth(xray: boolean | number | undefined): number {
  return xray === true ? Number.POSITIVE_INFINITY : typeof xray === "number" ? xray : 0;
}
