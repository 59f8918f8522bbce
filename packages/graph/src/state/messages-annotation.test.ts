import { describe, expect, expectTypeOf, it } from "vitest";
import { type BaseMessage, HumanMessage } from "../messages/index.ts";
import { Annotation } from "./annotation.ts";
import { MessagesAnnotation } from "./messages-annotation.ts";
import { toStateDefinition } from "./to-state-definition.ts";

describe("MessagesAnnotation", () => {
  it("reduces messages with addMessages from an empty list", () => {
    const channel = toStateDefinition(MessagesAnnotation).channels.messages!.fromCheckpoint();
    expect(channel.get()).toEqual([]);
    channel.update([[new HumanMessage({ content: "a", id: "1" })], "b"]);
    expect((channel.get() as BaseMessage[]).map((m) => m.content)).toEqual(["a", "b"]);
  });

  it("spreads into a bigger root", () => {
    const State = Annotation.Root({ ...MessagesAnnotation.spec, topic: Annotation<string>() });
    expect(toStateDefinition(State).keys).toEqual(["messages", "topic"]);
    expectTypeOf<(typeof State.State)["messages"]>().toEqualTypeOf<BaseMessage[]>();
    expectTypeOf<{ messages: "hello" }>().toMatchTypeOf<typeof State.Update>();
  });
});
