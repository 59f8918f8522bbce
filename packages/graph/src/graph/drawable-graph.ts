import { END, START } from "../constants.ts";
import type { AnyStateGraph } from "./state-graph.ts";

/** A node of a drawn graph. */
export interface DrawableNode {
  id: string;
  metadata?: Record<string, unknown>;
}

/** An edge of a drawn graph; `conditional` for routing functions and `Command` targets. */
export interface DrawableEdge {
  source: string;
  target: string;
  conditional: boolean;
  /** The routing result that leads here, when a path map names it differently. */
  label?: string;
}

/** The JSON form served to graph viewers: nodes typed `schema` (START/END) or `runnable`. */
export interface DrawableGraphJson {
  nodes: {
    id: string;
    type: "schema" | "runnable";
    data: string | { id: string; name: string; metadata?: unknown };
  }[];
  edges: { source: string; target: string; conditional?: boolean; data?: string }[];
}

/**
 * The structure of a graph for display: its nodes and edges, as JSON for graph
 * viewers or as a Mermaid diagram.
 *
 * @example
 * console.log(graph.getGraph().drawMermaid());
 */
export class DrawableGraph {
  readonly nodes: DrawableNode[];
  readonly edges: DrawableEdge[];

  constructor(nodes: DrawableNode[], edges: DrawableEdge[]) {
    this.nodes = nodes;
    this.edges = edges;
  }

  /** The JSON shape used by graph viewers and the server's graph endpoint. */
  toJSON(): DrawableGraphJson {
    return {
      nodes: this.nodes.map((node) =>
        node.id === START || node.id === END
          ? { id: node.id, type: "schema", data: node.id }
          : {
              id: node.id,
              type: "runnable",
              data: { id: node.id, name: node.id, metadata: node.metadata },
            },
      ),
      edges: this.edges.map((edge) => ({
        source: edge.source,
        target: edge.target,
        ...(edge.conditional ? { conditional: true } : {}),
        ...(edge.label !== undefined ? { data: edge.label } : {}),
      })),
    };
  }

  /** A Mermaid flowchart: solid arrows for edges, dotted ones for conditional routes. */
  drawMermaid(): string {
    const lines = ["graph TD;"];
    for (const { id } of this.nodes) {
      if (id === START) lines.push(`\t${mermaidId(id)}([<p>${id}</p>]):::first`);
      else if (id === END) lines.push(`\t${mermaidId(id)}([<p>${id}</p>]):::last`);
      else lines.push(`\t${mermaidId(id)}(${escapeLabel(id)})`);
    }
    for (const edge of this.edges) {
      const arrow = edge.conditional ? "-.->" : "-->";
      const label = edge.label !== undefined ? `|${escapeLabel(edge.label)}|` : "";
      lines.push(`\t${mermaidId(edge.source)} ${arrow}${label} ${mermaidId(edge.target)};`);
    }
    lines.push("\tclassDef default fill:#f2f0ff,line-height:1.2;");
    lines.push("\tclassDef first fill-opacity:0;");
    lines.push("\tclassDef last fill:#bfb6fc;");
    return `${lines.join("\n")}\n`;
  }
}

function mermaidId(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, (ch) => `_${ch.charCodeAt(0).toString(16)}_`);
}

function escapeLabel(text: string): string {
  return text.replace(/["<>]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

/** Draws a StateGraph builder: static, waiting and conditional edges, and `ends` of Command nodes. */
export function drawStateGraph(builder: AnyStateGraph): DrawableGraph {
  const names = [...builder.nodes.keys()];
  const edges: DrawableEdge[] = [];
  const seen = new Set<string>();
  const add = (edge: DrawableEdge) => {
    const key = `${edge.source}\u0000${edge.target}\u0000${edge.conditional}\u0000${edge.label ?? ""}`;
    if (!seen.has(key)) {
      seen.add(key);
      edges.push(edge);
    }
  };
  for (const [source, target] of builder.edges) add({ source, target, conditional: false });
  for (const [sources, target] of builder.waitingEdges) {
    for (const source of sources) add({ source, target, conditional: false });
  }
  for (const [source, branches] of builder.branches) {
    for (const branch of branches) {
      if (branch.ends === undefined) {
        for (const target of [...names, END])
          if (target !== source) add({ source, target, conditional: true });
        continue;
      }
      for (const [result, target] of Object.entries(branch.ends)) {
        add({ source, target, conditional: true, ...(result !== target ? { label: result } : {}) });
      }
    }
  }
  for (const node of builder.nodes.values()) {
    for (const target of node.options.ends ?? [])
      add({ source: node.name, target, conditional: true });
  }
  // A node with no way out ends the run.
  for (const name of names) {
    if (!edges.some((edge) => edge.source === name))
      add({ source: name, target: END, conditional: false });
  }
  const nodes: DrawableNode[] = [{ id: START }];
  for (const node of builder.nodes.values()) {
    nodes.push(
      node.options.metadata
        ? { id: node.name, metadata: node.options.metadata }
        : { id: node.name },
    );
  }
  if (edges.some((edge) => edge.target === END)) nodes.push({ id: END });
  return new DrawableGraph(nodes, edges);
}
