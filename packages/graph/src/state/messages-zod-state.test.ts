import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { type BaseMessage, HumanMessage } from "../messages/index.ts";
import { MessagesZodMeta, MessagesZodState } from "./messages-zod-state.ts";
import type { StateType, UpdateType } from "./state-types.ts";
import { toStateDefinition } from "./to-state-definition.ts";
import { registry } from "./zod-meta.ts";

describe("MessagesZodState", () => {
  it("reduces messages from an empty list, also after .extend()", () => {
    const State = MessagesZodState.extend({ query: z.string() });
    const definition = toStateDefinition(State);
    expect(definition.keys).toEqual(["messages", "query"]);
    const channel = definition.channels.messages!.fromCheckpoint();
    expect(channel.get()).toEqual([]);
    channel.update(["one", ["two"]]);
    expect(channel.get()).toHaveLength(2);
    expectTypeOf<StateType<typeof State>>().toEqualTypeOf<{
      messages: BaseMessage[];
      query: string;
    }>();
    expectTypeOf<{ messages: "hi" }>().toMatchTypeOf<UpdateType<typeof State>>();
  });

  it("works as registry metadata on a custom field", () => {
    const State = z.object({
      history: z.custom<BaseMessage[]>().register(registry, MessagesZodMeta),
    });
    const channel = toStateDefinition(State).channels.history!.fromCheckpoint();
    channel.update([new HumanMessage("hi")]);
    expect((channel.get() as BaseMessage[])[0]?.content).toBe("hi");
  });
});
