import {
  AIMessage as CoreAIMessage,
  HumanMessage as CoreHumanMessage,
  RemoveMessage as CoreRemoveMessage,
} from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { WeftError } from "../errors.ts";
import { addMessages, messagesStateReducer, REMOVE_ALL_MESSAGES } from "./add-messages.ts";
import { AIMessage } from "./ai-message.ts";
import type { BaseMessage } from "./base-message.ts";
import { HumanMessage } from "./human-message.ts";
import { RemoveMessage } from "./remove-message.ts";

const human = (id: string, content = id) => new HumanMessage({ content, id });
const ids = (list: { id?: string }[]) => list.map((m) => m.id);

describe("addMessages", () => {
  it("appends new messages", () => {
    expect(ids(addMessages([human("1")], [human("2"), human("3")]))).toEqual(["1", "2", "3"]);
  });

  it("accepts a single message on either side", () => {
    expect(ids(addMessages(human("1"), human("2")))).toEqual(["1", "2"]);
  });

  it("coerces message-like values on both sides", () => {
    const merged = addMessages([{ role: "user", content: "a" }], ["b", ["assistant", "c"]]);
    expect(merged.map((m) => [m.type, m.content])).toEqual([
      ["human", "a"],
      ["human", "b"],
      ["ai", "c"],
    ]);
  });

  it("gives messages without an id a fresh UUID, on the message itself", () => {
    const m = new HumanMessage("no id");
    const [left] = addMessages([], m);
    expect(left).toBe(m);
    expect(m.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const other = addMessages([], new HumanMessage("no id"))[0];
    expect(other?.id).not.toBe(m.id);
  });

  it("replaces a message with the same id in place", () => {
    const merged = addMessages([human("1"), human("2")], [human("1", "edited"), human("3")]);
    expect(merged.map((m) => m.content)).toEqual(["edited", "2", "3"]);
  });

  it("lets a later update in the same batch win", () => {
    const merged = addMessages([], [human("1", "a"), human("1", "b")]);
    expect(merged.map((m) => m.content)).toEqual(["b"]);
  });

  it("removes a message by id and drops the RemoveMessage", () => {
    const merged = addMessages(
      [human("1"), human("2")],
      [new RemoveMessage({ id: "1" }), human("3")],
    );
    expect(ids(merged)).toEqual(["2", "3"]);
  });

  it("can remove a message added earlier in the same update, or restore a removed one", () => {
    expect(ids(addMessages([], [human("1"), new RemoveMessage({ id: "1" })]))).toEqual([]);
    const restored = addMessages(
      [human("1"), human("2")],
      [new RemoveMessage({ id: "1" }), human("1", "back")],
    );
    expect(restored.map((m) => m.content)).toEqual(["back", "2"]);
  });

  it("throws INVALID_INPUT when removing an id that is not there", () => {
    let caught: unknown;
    try {
      addMessages([human("1")], new RemoveMessage({ id: "missing" }));
    } catch (error) {
      caught = error;
    }
    expect(WeftError.hasCode(caught, "INVALID_INPUT")).toBe(true);
    expect((caught as Error).message).toContain("'missing'");
  });

  it("drops everything before a remove-all, including earlier updates", () => {
    const merged = addMessages(
      [human("1"), human("2")],
      [human("3"), new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), human("4"), human("5")],
    );
    expect(ids(merged)).toEqual(["4", "5"]);
  });

  it("applies the updates after a remove-all as usual", () => {
    const merged = addMessages(
      [human("1")],
      [
        new RemoveMessage({ id: REMOVE_ALL_MESSAGES }),
        human("2"),
        human("2", "again"),
        new RemoveMessage({ id: REMOVE_ALL_MESSAGES }),
        human("3"),
      ],
    );
    expect(ids(merged)).toEqual(["3"]);
    expect(addMessages([human("1")], new RemoveMessage({ id: REMOVE_ALL_MESSAGES }))).toEqual([]);
  });

  it("never changes the caller's left list", () => {
    const left = [human("1"), human("2")];
    const snapshot = [...left];
    const merged = addMessages(left, [human("1", "x"), new RemoveMessage({ id: "2" }), human("3")]);
    expect(left).toEqual(snapshot);
    expect(merged).not.toBe(left);
    expect(addMessages(left, [])).not.toBe(left);
  });

  it("treats a missing left side as empty", () => {
    expect(ids(addMessages(undefined as never, human("1")))).toEqual(["1"]);
  });

  it("mixes core and Weft messages", () => {
    const coreHuman = new CoreHumanMessage({ content: "hi" });
    const merged = addMessages(
      [coreHuman, new AIMessage({ content: "hello", id: "a" })],
      [new CoreAIMessage({ content: "edited", id: "a" }), new HumanMessage("bye")],
    );
    expect(merged[0]).toBe(coreHuman);
    expect(coreHuman.id).toBeTypeOf("string");
    expect((coreHuman as unknown as { lc_kwargs: { id?: string } }).lc_kwargs.id).toBe(
      coreHuman.id,
    );
    expect(merged.map((m) => m.content)).toEqual(["hi", "edited", "bye"]);
    expect(ids(addMessages(merged, new CoreRemoveMessage({ id: coreHuman.id! })))).toEqual([
      "a",
      merged[2]?.id,
    ]);
  });

  it("accepts a core RemoveMessage with the remove-all id", () => {
    expect(
      ids(
        addMessages([human("1")], [new CoreRemoveMessage({ id: REMOVE_ALL_MESSAGES }), human("2")]),
      ),
    ).toEqual(["2"]);
  });

  it("is exported as messagesStateReducer too", () => {
    expect(messagesStateReducer).toBe(addMessages);
  });

  it("appends to a long history, keeping its order", () => {
    let state: BaseMessage[] = Array.from({ length: 50_000 }, (_, i) => human(String(i)));
    for (let step = 0; step < 50; step += 1) state = addMessages(state, human(`new-${step}`));
    expect(state).toHaveLength(50_050);
    expect(state[50_049]?.id).toBe("new-49");
  });
});
