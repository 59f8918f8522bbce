import {
  AIMessage as CoreAIMessage,
  HumanMessage as CoreHumanMessage,
} from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { AIMessage } from "./ai-message.ts";
import { BaseMessage, isBaseMessage, isWeftMessage } from "./base-message.ts";
import { HumanMessage } from "./human-message.ts";
import { SystemMessage } from "./system-message.ts";

describe("BaseMessage", () => {
  it("takes a string, a block list or a fields object", () => {
    expect(new HumanMessage("hi").content).toBe("hi");
    const blocks = [{ type: "text", text: "hi" }];
    expect(new HumanMessage(blocks).content).toBe(blocks);
    const m = new HumanMessage({ content: "hi", id: "m1", name: "alice" });
    expect([m.content, m.id, m.name]).toEqual(["hi", "m1", "alice"]);
  });

  it("defaults content to [] and the kwargs to empty objects", () => {
    const m = new HumanMessage({});
    expect(m.content).toEqual([]);
    expect(m.additional_kwargs).toEqual({});
    expect(m.response_metadata).toEqual({});
    expect(m.id).toBeUndefined();
  });

  it("uses contentBlocks as content when content is absent", () => {
    const blocks = [{ type: "text", text: "from blocks" }];
    expect(new HumanMessage({ contentBlocks: blocks }).content).toBe(blocks);
    expect(new HumanMessage({ content: "c", contentBlocks: blocks }).content).toBe("c");
  });

  it("reports its type through type, getType() and _getType()", () => {
    const m = new SystemMessage("be brief");
    expect([m.type, m.getType(), m._getType()]).toEqual(["system", "system", "system"]);
  });

  it("reads text from string content or joins text blocks", () => {
    expect(new HumanMessage("plain").text).toBe("plain");
    const m = new HumanMessage([
      { type: "text", text: "a" },
      { type: "image_url", image_url: { url: "x" } },
      { type: "text", text: "b" },
    ]);
    expect(m.text).toBe("ab");
  });

  it("lists content blocks, wrapping string content", () => {
    expect(new HumanMessage("x").contentBlocks).toEqual([{ type: "text", text: "x" }]);
  });

  it("serializes to plain data without undefined keys", () => {
    const m = new HumanMessage({ content: "hi", id: "m1" });
    expect(m.toJSON()).toEqual({
      type: "human",
      content: "hi",
      id: "m1",
      additional_kwargs: {},
      response_metadata: {},
    });
    expect(Object.keys(m.toJSON())).not.toContain("name");
    expect(JSON.parse(JSON.stringify(m))).toEqual(m.toJSON());
    expect(m.toDict()).toEqual({
      type: "human",
      data: { content: "hi", id: "m1", additional_kwargs: {}, response_metadata: {} },
    });
  });

  it("recognizes Weft and core messages alike", () => {
    const core = new CoreHumanMessage("hi");
    expect(isBaseMessage(core)).toBe(true);
    expect(isBaseMessage(new HumanMessage("hi"))).toBe(true);
    expect(BaseMessage.isInstance(core)).toBe(true);
    expect(core instanceof BaseMessage).toBe(true);
    for (const value of [null, "hi", { content: "hi" }, { _getType: () => "human", content: 3 }]) {
      expect(isBaseMessage(value)).toBe(false);
    }
  });

  it("tells Weft's own messages from core ones", () => {
    expect(isWeftMessage(new HumanMessage("hi"))).toBe(true);
    expect(isWeftMessage(new CoreHumanMessage("hi"))).toBe(false);
    expect(isWeftMessage({ content: "hi" })).toBe(false);
  });

  it("checks the role in subclass isInstance and instanceof", () => {
    expect(HumanMessage.isInstance(new HumanMessage("a"))).toBe(true);
    expect(HumanMessage.isInstance(new AIMessage("a"))).toBe(false);
    expect(AIMessage.isInstance(new CoreAIMessage("a"))).toBe(true);
    expect(new CoreAIMessage("a") instanceof AIMessage).toBe(true);
    expect(new HumanMessage("a") instanceof AIMessage).toBe(false);
  });
});
