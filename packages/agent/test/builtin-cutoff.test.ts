import { AIMessage, HumanMessage, ToolMessage, WeftError } from "@weft/graph";
import { describe, expect, it } from "vitest";
import { countTokensApproximately } from "../src/index.ts";
import { parseKeep, parseTrigger, triggerReached } from "../src/middleware/builtin/context-size.ts";
import {
  cutoffKeepingMessages,
  cutoffKeepingTokens,
  isSafeCutoff,
  safeCutoffAtOrBefore,
} from "../src/middleware/builtin/cutoff.ts";

const human = (text: string) => new HumanMessage(text);
const ai = (text: string) => new AIMessage(text);
const calls = (...ids: string[]) =>
  new AIMessage({ content: "", tool_calls: ids.map((id) => ({ id, name: "t", args: {} })) });
const result = (id: string) => new ToolMessage({ content: `r${id}`, tool_call_id: id });

// 0 human, 1 ai(calls a,b), 2 tool a, 3 tool b, 4 ai, 5 human, 6 ai(call c), 7 tool c, 8 ai
const history = [
  human("q1"),
  calls("a", "b"),
  result("a"),
  result("b"),
  ai("a1"),
  human("q2"),
  calls("c"),
  result("c"),
  ai("a2"),
];

describe("cutoff: never separates a tool call from its results", () => {
  it("knows which cuts are safe", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((cut) => isSafeCutoff(history, cut))).toEqual([
      true,
      true,
      false, // between the call and result a
      false, // between result a and result b (b's call is before the cut)
      true,
      true,
      true,
      false,
      true,
      true,
    ]);
  });

  it("moves an unsafe cut earlier, keeping more messages", () => {
    expect(safeCutoffAtOrBefore(history, 3)).toBe(1);
    expect(safeCutoffAtOrBefore(history, 7)).toBe(6);
    expect(safeCutoffAtOrBefore(history, 5)).toBe(5);
  });

  it("keeps the last N messages, or more when N would split a pair", () => {
    expect(cutoffKeepingMessages(history, 2)).toBe(6); // keeps call c with its result
    expect(cutoffKeepingMessages(history, 4)).toBe(5);
    expect(cutoffKeepingMessages(history, 9)).toBe(0);
    expect(cutoffKeepingMessages(history, 20)).toBe(0);
  });

  it("keeps the longest tail within a token budget, counted by the given counter", async () => {
    const perMessage = (messages: unknown[]) => messages.length * 10;
    expect(await cutoffKeepingTokens(history, 30, perMessage)).toBe(6);
    expect(await cutoffKeepingTokens(history, 40, perMessage)).toBe(5);
    expect(await cutoffKeepingTokens(history, 1000, perMessage)).toBe(0);
    // Even when only one message fits, the pair stays whole.
    expect(await cutoffKeepingTokens(history.slice(0, 8), 10, perMessage)).toBe(6);
  });

  it("returns 0 when no earlier cut is safe", () => {
    const onlyPair = [calls("x"), result("x")];
    expect(safeCutoffAtOrBefore(onlyPair, 1)).toBe(0);
  });
});

describe("countTokensApproximately", () => {
  it("counts about four characters per token, including tool calls and call ids", () => {
    expect(countTokensApproximately([human("12345678")])).toBe(2);
    expect(countTokensApproximately([human("123456789")])).toBe(3);
    const withCall = calls("a");
    expect(countTokensApproximately([withCall])).toBe(
      Math.ceil(JSON.stringify(withCall.tool_calls).length / 4),
    );
    expect(
      countTokensApproximately([new ToolMessage({ content: "1234", tool_call_id: "abcd" })]),
    ).toBe(2);
    expect(
      countTokensApproximately([
        new HumanMessage({
          content: [
            { type: "text", text: "12345678" },
            { type: "image_url", image_url: "x" },
          ],
        }),
      ]),
    ).toBe(2);
  });
});

describe("context sizes", () => {
  it("fires a trigger when all its measures are reached, any trigger of a list", () => {
    const triggers = parseTrigger("T", [{ tokens: 100, messages: 5 }, { messages: 50 }]);
    expect(triggerReached(triggers, { messages: 5, tokens: 100 })).toBe(true);
    expect(triggerReached(triggers, { messages: 4, tokens: 500 })).toBe(false);
    expect(triggerReached(triggers, { messages: 50, tokens: 0 })).toBe(true);
    const fraction = parseTrigger("T", { fraction: 0.5 });
    expect(triggerReached(fraction, { messages: 1, tokens: 60 })).toBe(false); // window unknown
    expect(triggerReached(fraction, { messages: 1, tokens: 60, maxInputTokens: 100 })).toBe(true);
    expect(triggerReached(fraction, { messages: 1, tokens: 49, maxInputTokens: 100 })).toBe(false);
  });

  it("rejects invalid sizes with INVALID_CONFIG", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return WeftError.isInstance(error) ? error.code : "not a WeftError";
      }
      return "no error";
    };
    expect(code(() => parseTrigger("T", {}))).toBe("INVALID_CONFIG");
    expect(code(() => parseTrigger("T", { fraction: 1.5 }))).toBe("INVALID_CONFIG");
    expect(code(() => parseTrigger("T", { messages: 2.5 }))).toBe("INVALID_CONFIG");
    expect(code(() => parseKeep("K", { messages: 1, tokens: 2 } as never))).toBe("INVALID_CONFIG");
    expect(code(() => parseKeep("K", { tokens: -1 }))).toBe("INVALID_CONFIG");
    expect(code(() => parseKeep("K", { messages: 0 }))).toBe("no error");
  });
});
