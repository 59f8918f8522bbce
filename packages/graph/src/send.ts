/**
 * A message to run `node` with `arg` as its input in the next superstep, used
 * for map-reduce: return several `Send`s from a conditional edge to fan out.
 *
 * @example
 * graph.addConditionalEdges("plan", (s) => s.topics.map((t) => new Send("write", { topic: t })));
 */
export class Send<Node extends string = string, Arg = unknown> {
  readonly lg_name = "Send";
  readonly node: Node;
  readonly args: Arg;

  constructor(node: Node, args: Arg) {
    this.node = node;
    this.args = args;
  }

  toJSON(): { lg_name: "Send"; node: Node; args: Arg } {
    return { lg_name: "Send", node: this.node, args: this.args };
  }
}

/** True for a `Send`, also one created by another installed copy of Weft. */
export function isSend(value: unknown): value is Send {
  return (
    value instanceof Send ||
    (typeof value === "object" &&
      value !== null &&
      (value as { lg_name?: unknown }).lg_name === "Send" &&
      typeof (value as { node?: unknown }).node === "string")
  );
}
