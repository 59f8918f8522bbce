import { describe, expect, it } from "vitest";
import { z } from "zod";
import { collect, compareOnBoth, onThread } from "./harness.ts";
import {
  INVALID_INPUTS,
  mixedSchema,
  plainZodState,
  recordingGraph,
  rejectInput,
  schemaOutline,
} from "./zod-states.ts";

// States declared with `new StateSchema({...})` or a plain `z.object`: defaults, optional
// fields, reduced, messages and untracked fields, input validation and JSON schemas.

describe("StateSchema and zod states behave the same on both libraries", () => {
  it("zod defaults fill the first run; optional fields stay absent", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const seen: unknown[] = [];
      const graph = recordingGraph(lib, mixedSchema(lib), seen, (s) => ({ count: s.count + 1 }));
      const result = await graph.invoke({ name: "n" }, onThread());
      return { seen, result };
    });
    expect(peer).toEqual({
      seen: [{ name: "n", count: 0, items: [], messages: [], scratch: "s0" }],
      result: { name: "n", count: 1, items: [], messages: [], scratch: "s0" },
    });
    expect(weft).toEqual(peer);
  });

  it("a z.object state applies its defaults and leaves optional fields out", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const seen: unknown[] = [];
      const graph = recordingGraph(lib, plainZodState, seen, (s) => ({ count: s.count + 1 }));
      const result = await graph.invoke({ count: 1 }, onThread());
      return { seen, result };
    });
    expect(peer).toEqual({
      seen: [{ name: "anon", count: 1 }],
      result: { name: "anon", count: 2 },
    });
    expect(weft).toEqual(peer);
  });

  it("a missing required field is not an input error (fields are checked one by one)", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => ({
      schema: await recordingGraph(lib, mixedSchema(lib), []).invoke({ count: 2 }, onThread()),
      zod: await recordingGraph(lib, plainZodState, []).invoke({ note: "x" }, onThread()),
    }));
    expect(peer).toEqual({
      schema: { count: 2, items: [], messages: [], scratch: "s0" },
      zod: { name: "anon", note: "x" },
    });
    expect(weft).toEqual(peer);
  });

  it("ReducedValue: input and node updates pass the inputSchema and fold in order", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = recordingGraph(lib, mixedSchema(lib), [], () => ({ items: "from-a" }));
      const first = await graph.invoke({ name: "n", items: "in-1" }, onThread());
      const second = await graph.invoke({ items: "in-2" }, onThread());
      return [first.items, second.items];
    });
    expect(peer).toEqual([
      ["in-1", "from-a"],
      ["in-1", "from-a", "in-2", "from-a"],
    ]);
    expect(weft).toEqual(peer);
  });

  it("MessagesValue: dicts, strings and [role, content] tuples become typed messages", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const seen: any[] = [];
      const graph = recordingGraph(lib, mixedSchema(lib), seen, () => ({
        messages: [{ role: "assistant", content: "reply" }],
      }));
      const result = await graph.invoke(
        {
          name: "n",
          messages: [
            { role: "user", content: "dict" },
            { type: "human", content: "typed dict" },
            "plain",
            ["ai", "tuple"],
          ],
        },
        onThread(),
      );
      const classes = (messages: any[]) => messages.map((m) => m.constructor.name);
      return { inNode: classes(seen[0].messages), result: result.messages };
    });
    expect(peer).toEqual({
      inNode: ["HumanMessage", "HumanMessage", "HumanMessage", "AIMessage"],
      result: [
        { type: "human", content: "dict", id: "<id:0>" },
        { type: "human", content: "typed dict", id: "<id:1>" },
        { type: "human", content: "plain", id: "<id:2>" },
        { type: "ai", content: "tuple", id: "<id:3>" },
        { type: "ai", content: "reply", id: "<id:4>" },
      ],
    });
    expect(weft).toEqual(peer);
  });

  it("UntrackedValue: nodes and the result see it; checkpoints and history never do", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const saver = lib.memorySaver();
      const seen: any[] = [];
      const graph = new lib.StateGraph(mixedSchema(lib))
        .addNode("a", (s: any) => {
          seen.push(s.scratch);
          return { scratch: `${s.scratch}+a` };
        })
        .addNode("b", (s: any) => {
          seen.push(s.scratch);
          return {};
        })
        .addEdge(lib.START, "a")
        .addEdge("a", "b")
        .compile({ checkpointer: saver });
      const result = await graph.invoke({ name: "n", scratch: "in" }, onThread());
      const tuple = await saver.getTuple(onThread());
      const history = await collect(graph.getStateHistory(onThread()));
      return {
        seen,
        result: result.scratch,
        checkpointed: tuple.checkpoint.channel_values.scratch,
        state: (await graph.getState(onThread())).values.scratch,
        history: history.map((s: any) => s.values.scratch),
      };
    });
    // Only the schema default shows outside the run: the run's own values are never saved.
    expect(peer).toEqual({
      seen: ["in", "in+a"],
      result: "in+a",
      state: "s0",
      history: ["s0", "s0", "s0", "s0"],
    });
    expect(weft).toEqual(peer);
  });

  describe.each(INVALID_INPUTS)("invalid input: %s", (_label, input) => {
    it("fails while running, before any node, and saves nothing", async () => {
      const { weft, peer } = await compareOnBoth(async (lib) => {
        const { phase, ran, before, after } = await rejectInput(lib, input);
        return { phase, ran, unchanged: JSON.stringify(after) === JSON.stringify(before), after };
      });
      expect(peer).toMatchObject({ phase: "run", ran: 0, unchanged: true });
      expect(weft).toEqual(peer);
    });
  });

  it("a message dict that is no message: the peer fails after saving the input, Weft before", async () => {
    // The peer catches it only when the messages reducer coerces the input: it has saved
    // the input checkpoint (bad write pending) by then, so getState fails until the next
    // input replaces it. Weft checks messages while validating the input, so nothing is
    // saved and the thread stays readable (a deliberate divergence).
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const seen: unknown[] = [];
      const graph = recordingGraph(lib, mixedSchema(lib), seen);
      const failed = (run: () => Promise<unknown>) =>
        run().then(
          () => false,
          () => true,
        );
      const invokeFailed = await failed(() =>
        graph.invoke({ name: "n", messages: [{ nope: 1 }] }, onThread()),
      );
      const ranAfterBad = seen.length;
      const getStateFailed = await failed(() => graph.getState(onThread()));
      const history = await collect(graph.getStateHistory(onThread()));
      const next = await graph.invoke({ name: "m" }, onThread());
      return {
        invokeFailed,
        ranAfterBad,
        getStateFailed,
        history: history.map((s: any) => s.metadata.source),
        next,
      };
    });
    expect(peer).toEqual({
      invokeFailed: true,
      ranAfterBad: 0,
      getStateFailed: true,
      history: ["input"],
      next: { name: "m", count: 0, items: [], messages: [], scratch: "s0" },
    });
    expect(weft).toEqual({
      invokeFailed: true,
      ranAfterBad: 0,
      getStateFailed: false,
      history: [],
      next: { name: "m", count: 0, items: [], messages: [], scratch: "s0" },
    });
  });

  it("partial input on a second invoke keeps existing values (StateSchema defaults)", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const seen: unknown[] = [];
      const graph = recordingGraph(lib, mixedSchema(lib), seen, (s) => ({ count: s.count + 1 }));
      await graph.invoke({ name: "n", count: 5, note: "kept" }, onThread());
      const result = await graph.invoke({ items: "i" }, onThread());
      return { secondSaw: seen[1], result };
    });
    expect(peer).toEqual({
      secondSaw: { name: "n", count: 6, note: "kept", items: ["i"], messages: [], scratch: "s0" },
      result: { name: "n", count: 7, note: "kept", items: ["i"], messages: [], scratch: "s0" },
    });
    expect(weft).toEqual(peer);
  });

  it("getJsonSchema / getInputJsonSchema: same type, properties and required", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const schema = mixedSchema(lib);
      const small = new lib.StateSchema({ a: z.string(), b: z.number().optional() });
      return {
        state: schemaOutline(schema.getJsonSchema()),
        input: schemaOutline(schema.getInputJsonSchema()),
        smallState: schemaOutline(small.getJsonSchema()),
        smallInput: schemaOutline(small.getInputJsonSchema()),
      };
    });
    const properties = ["count", "items", "messages", "name", "note", "scratch"];
    expect(peer).toEqual({
      state: { type: "object", properties, required: ["name"] },
      input: { type: "object", properties },
      smallState: { type: "object", properties: ["a", "b"], required: ["a"] },
      smallInput: { type: "object", properties: ["a", "b"] },
    });
    expect(weft).toEqual(peer);
  });
});
