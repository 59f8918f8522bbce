import { describe, expect, it } from "vitest";
import { collect, compareOnBoth, onBoth, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";

/** The two documented message states: `MessagesAnnotation` and a `StateSchema` field. */
const STATES: [string, (lib: CompatLib) => any][] = [
  ["MessagesAnnotation", (lib) => lib.MessagesAnnotation],
  [
    "StateSchema({ messages: MessagesValue })",
    (lib) => new lib.StateSchema({ messages: lib.MessagesValue }),
  ],
];

/** START → reply → END, where `reply` answers with what `answer` makes of the history. */
function chat(lib: CompatLib, state: any, answer: (messages: any[]) => unknown): any {
  return new lib.StateGraph(state)
    .addNode("reply", (s: { messages: any[] }) => ({ messages: answer(s.messages) }))
    .addEdge(lib.START, "reply")
    .addEdge("reply", lib.END);
}

describe.each(STATES)("messages state %s behaves the same on both libraries", (_label, stateOf) => {
  it("dict inputs become typed messages with ids", async () => {
    const { weft, peer } = await compareOnBoth((lib) =>
      chat(lib, stateOf(lib), (history) => ({
        role: "assistant",
        content: `you said ${history.length} things`,
      }))
        .compile()
        .invoke({
          messages: [
            { role: "system", content: "be brief" },
            { role: "user", content: "hi" },
          ],
        }),
    );
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      messages: [
        { type: "system", content: "be brief", id: "<id:0>" },
        { type: "human", content: "hi", id: "<id:1>" },
        { type: "ai", content: "you said 2 things", id: "<id:2>" },
      ],
    });
  });

  it("a string, a [role, content] pair and a message object as input", async () => {
    const { weft, peer } = await compareOnBoth((lib) =>
      chat(lib, stateOf(lib), () => [["ai", "pair reply"]])
        .compile()
        .invoke({
          messages: [
            "plain string",
            ["human", "pair"],
            new lib.messages.HumanMessage({ content: "object" }),
          ],
        }),
    );
    expect(weft).toEqual(peer);
    expect((peer as { messages: { type: string; content: string }[] }).messages).toEqual([
      { type: "human", content: "plain string", id: "<id:0>" },
      { type: "human", content: "pair", id: "<id:1>" },
      { type: "human", content: "object", id: "<id:2>" },
      { type: "ai", content: "pair reply", id: "<id:3>" },
    ]);
  });

  it("a message with a known id replaces the old one in place", async () => {
    const { weft, peer } = await compareOnBoth((lib) =>
      chat(lib, stateOf(lib), () => [
        new lib.messages.AIMessage({ content: "edited", id: "m1" }),
        { role: "assistant", content: "new", id: "m3" },
      ])
        .compile()
        .invoke({
          messages: [
            { role: "user", content: "first", id: "m1" },
            { role: "user", content: "second", id: "m2" },
          ],
        }),
    );
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      messages: [
        { type: "ai", content: "edited", id: "<id:0>" },
        { type: "human", content: "second", id: "<id:1>" },
        { type: "ai", content: "new", id: "<id:2>" },
      ],
    });
  });

  it("RemoveMessage deletes by id and is not kept", async () => {
    const { weft, peer } = await compareOnBoth((lib) =>
      chat(lib, stateOf(lib), (history) => [
        new lib.messages.RemoveMessage({ id: history[0].id }),
        { role: "assistant", content: "after removal" },
      ])
        .compile()
        .invoke({
          messages: [
            { role: "user", content: "drop me" },
            { role: "user", content: "keep me" },
          ],
        }),
    );
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      messages: [
        { type: "human", content: "keep me", id: "<id:0>" },
        { type: "ai", content: "after removal", id: "<id:1>" },
      ],
    });
  });

  it("RemoveMessage of an unknown id fails the run", async () => {
    const { weft, peer } = await onBoth((lib) =>
      chat(lib, stateOf(lib), () => new lib.messages.RemoveMessage({ id: "missing" }))
        .compile()
        .invoke({ messages: [{ role: "user", content: "hi" }] })
        .then(
          () => "no error",
          () => "failed",
        ),
    );
    expect([weft, peer]).toEqual(["failed", "failed"]);
  });

  it("AI tool calls and tool messages given as dicts", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = chat(lib, stateOf(lib), () => [
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "call_1", name: "lookup", args: { q: "x" } }],
        },
        { role: "tool", content: "found", tool_call_id: "call_1" },
      ]).compile();
      const { messages } = await graph.invoke({ messages: [{ role: "user", content: "find x" }] });
      return messages.map((m: any) => ({
        type: m.type,
        tool_calls: m.tool_calls?.map((c: any) => ({ id: c.id, name: c.name, args: c.args })),
        tool_call_id: m.tool_call_id,
      }));
    });
    expect(weft).toEqual(peer);
    expect(peer[1]).toEqual({
      type: "ai",
      tool_calls: [{ id: "call_1", name: "lookup", args: { q: "x" } }],
      tool_call_id: undefined,
    });
    expect(peer[2]).toMatchObject({ type: "tool", tool_call_id: "call_1" });
  });

  it("streamed values and updates carry the same messages", async () => {
    const { weft, peer } = await compareOnBoth((lib) =>
      collect(
        chat(lib, stateOf(lib), () => ({ role: "assistant", content: "streamed" }))
          .compile()
          .stream(
            { messages: [{ role: "user", content: "hi" }] },
            { streamMode: ["values", "updates"] },
          ),
      ),
    );
    expect(weft).toEqual(peer);
  });

  it("with a MemorySaver, a second invoke appends to the saved conversation", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = chat(lib, stateOf(lib), (history) => ({
        role: "assistant",
        content: `reply ${history.length}`,
      })).compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({ messages: [{ role: "user", content: "one" }] }, onThread());
      await graph.invoke({ messages: [{ role: "user", content: "two" }] }, onThread());
      const state = await graph.getState(onThread());
      return state.values;
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      messages: [
        { type: "human", content: "one", id: "<id:0>" },
        { type: "ai", content: "reply 1", id: "<id:1>" },
        { type: "human", content: "two", id: "<id:2>" },
        { type: "ai", content: "reply 3", id: "<id:3>" },
      ],
    });
  });

  it("updateState with a message of a known id replaces it in the saved state", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = chat(lib, stateOf(lib), () => ({
        role: "assistant",
        content: "draft",
        id: "a1",
      })).compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({ messages: [{ role: "user", content: "hi", id: "u1" }] }, onThread());
      await graph.updateState(onThread(), {
        messages: [new lib.messages.AIMessage({ content: "final", id: "a1" })],
      });
      return (await graph.getState(onThread())).values;
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      messages: [
        { type: "human", content: "hi", id: "<id:0>" },
        { type: "ai", content: "final", id: "<id:1>" },
      ],
    });
  });
});
