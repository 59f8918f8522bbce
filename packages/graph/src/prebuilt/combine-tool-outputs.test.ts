import { describe, expect, it } from "vitest";
import { Command } from "../command.ts";
import { ToolMessage } from "../messages/index.ts";
import { Send } from "../send.ts";
import { combineToolOutputs } from "./combine-tool-outputs.ts";

const message = (id: string) => new ToolMessage({ content: id, tool_call_id: id });

describe("combineToolOutputs", () => {
  it("wraps plain tool messages as a messages update (or keeps a list)", () => {
    const outputs = [message("a"), message("b")];
    expect(combineToolOutputs(outputs, false)).toEqual({ messages: outputs });
    expect(combineToolOutputs(outputs, true)).toEqual(outputs);
  });

  it("folds commands and messages into one command, in call order", () => {
    const a = message("a");
    const b = message("b");
    const combined = combineToolOutputs(
      [a, new Command({ update: { messages: [b], n: 1 }, goto: "x" }), new Command({ goto: "y" })],
      false,
    ) as Command;
    expect(combined.update).toEqual([
      ["messages", [a]],
      ["messages", [b]],
      ["n", 1],
    ]);
    expect(combined.goto).toEqual(["x", "y"]);
    expect(combined.graph).toBeUndefined();
  });

  it("joins commands for the parent graph; mixed with local results, returns both", () => {
    const send = new Send("agent", { task: 1 });
    const parentOnly = combineToolOutputs(
      [
        new Command({ graph: Command.PARENT, goto: send }),
        new Command({ graph: Command.PARENT, goto: "bob", update: { k: 1 } }),
      ],
      false,
    ) as Command;
    expect(parentOnly.graph).toBe(Command.PARENT);
    expect(parentOnly.goto).toEqual([send, "bob"]);
    expect(parentOnly.update).toEqual([["k", 1]]);
    const mixed = combineToolOutputs(
      [message("a"), new Command({ graph: Command.PARENT, goto: "bob" })],
      false,
    ) as Command[];
    expect(mixed).toHaveLength(2);
    expect(mixed[0]!.graph).toBeUndefined();
    expect(mixed[1]!.graph).toBe(Command.PARENT);
  });
});
