import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { AIMessage, type BaseMessage, HumanMessage, RemoveMessage } from "../messages/index.ts";
import { MessagesValue } from "./messages-value.ts";
import { StateSchema } from "./state-schema.ts";
import { toStateDefinition } from "./to-state-definition.ts";

const State = new StateSchema({ messages: MessagesValue, topic: z.string().optional() });

function freshMessages() {
  const channel = toStateDefinition(State).channels.messages;
  if (channel === undefined) throw new Error("no messages channel");
  return channel.fromCheckpoint();
}

describe("MessagesValue", () => {
  it("starts as an empty list", () => {
    expect(freshMessages().get()).toEqual([]);
  });

  it("appends coerced messages and replaces by id through the reducer", () => {
    const messages = freshMessages();
    messages.update(["hello", [{ role: "assistant", content: "hi", id: "a1" }]]);
    const [first, second] = messages.get() as BaseMessage[];
    expect(first).toBeInstanceOf(HumanMessage);
    expect(second).toBeInstanceOf(AIMessage);
    messages.update([new AIMessage({ content: "edited", id: "a1" })]);
    expect((messages.get() as BaseMessage[]).map((m) => m.content)).toEqual(["hello", "edited"]);
    messages.update([new RemoveMessage({ id: "a1" })]);
    expect(messages.get()).toHaveLength(1);
  });

  it("lets any message input through parseInput (the reducer validates it)", () => {
    const input = { messages: [{ role: "user", content: "hi" }] };
    expect(toStateDefinition(State).parseInput?.(input)).toEqual(input);
  });

  it("types the state as a message list and accepts message-likes as updates", () => {
    expectTypeOf<typeof State.State>().toEqualTypeOf<{
      messages: BaseMessage[];
      topic?: string | undefined;
    }>();
    expectTypeOf<{ messages: "hi" }>().toMatchTypeOf<typeof State.Update>();
    expectTypeOf<{ messages: [HumanMessage] }>().toMatchTypeOf<typeof State.Update>();
  });

  it("marks the field as messages for JSON schemas", () => {
    expect(MessagesValue.jsonSchemaExtra?.langgraph_type).toBe("messages");
  });
});
