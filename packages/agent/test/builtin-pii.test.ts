import { ScriptedChatModel, WeftError } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  applyStrategy,
  createAgent,
  detectCreditCard,
  detectEmail,
  detectIP,
  detectMacAddress,
  detectUrl,
  HumanMessage,
  luhnCheck,
  PIIDetectionError,
  piiMiddleware,
  piiRedactionMiddleware,
  tool,
} from "../src/index.ts";

const texts = (matches: { text: string }[]) => matches.map((m) => m.text);

describe("PII detectors", () => {
  it("finds email addresses with their positions", () => {
    const content = "Mail john.doe@example.com or a+b@sub.example.org.";
    expect(detectEmail(content)).toEqual([
      { text: "john.doe@example.com", start: 5, end: 25 },
      { text: "a+b@sub.example.org", start: 29, end: 48 },
    ]);
    expect(detectEmail("not an email: a@b, @example.com")).toEqual([]);
  });

  it("finds card numbers only when they pass the Luhn check", () => {
    expect(luhnCheck("4111111111111111")).toBe(true);
    expect(luhnCheck("4111111111111112")).toBe(false);
    const content =
      "Visa 4111 1111 1111 1111, MC 5105-1051-0510-5100, Amex 378282246310005, bad 4111-1111-1111-1112, phone 555-123-4567";
    expect(texts(detectCreditCard(content))).toEqual([
      "4111 1111 1111 1111",
      "5105-1051-0510-5100",
      "378282246310005",
    ]);
  });

  it("finds valid IPv4 and IPv6 addresses", () => {
    expect(texts(detectIP("from 192.168.1.10 and 10.0.0.255, not 999.1.1.1 or 1.2.3"))).toEqual([
      "192.168.1.10",
      "10.0.0.255",
    ]);
    expect(texts(detectIP("v6 2001:db8::8a2e:370:7334 and ::1 but not 12:30:45"))).toEqual([
      "2001:db8::8a2e:370:7334",
      "::1",
    ]);
  });

  it("finds MAC addresses and URLs (without trailing punctuation)", () => {
    expect(texts(detectMacAddress("nic 00:1A:2B:3C:4D:5E, other 00-1a-2b-3c-4d-5e"))).toEqual([
      "00:1A:2B:3C:4D:5E",
      "00-1a-2b-3c-4d-5e",
    ]);
    expect(
      texts(detectUrl("See https://example.com/a?b=1. Or www.test.org, (http://x.io)")),
    ).toEqual(["https://example.com/a?b=1", "www.test.org", "http://x.io"]);
  });
});

describe("PII strategies", () => {
  const content = "Card 4111-1111-1111-1111 and mail jane@example.com";
  it("redacts, masks and hashes", () => {
    expect(applyStrategy(content, detectCreditCard(content), "redact", "credit_card")).toBe(
      "Card [REDACTED_CREDIT_CARD] and mail jane@example.com",
    );
    expect(applyStrategy(content, detectCreditCard(content), "mask", "credit_card")).toBe(
      "Card ****-****-****-1111 and mail jane@example.com",
    );
    expect(applyStrategy(content, detectEmail(content), "mask", "email")).toBe(
      "Card 4111-1111-1111-1111 and mail j***@example.com",
    );
    expect(applyStrategy("ip 10.1.2.3", detectIP("ip 10.1.2.3"), "mask", "ip")).toBe("ip *.*.*.3");
    const hashed = applyStrategy(content, detectEmail(content), "hash", "email");
    expect(hashed).toMatch(/^Card 4111-1111-1111-1111 and mail <email_hash:[0-9a-f]{8}>$/);
    // Deterministic: the same value hashes the same, another value differently.
    expect(
      applyStrategy("jane@example.com", detectEmail("jane@example.com"), "hash", "email"),
    ).toBe(hashed.slice("Card 4111-1111-1111-1111 and mail ".length));
    expect(
      applyStrategy("joe@example.com", detectEmail("joe@example.com"), "hash", "email"),
    ).not.toBe(hashed.slice("Card 4111-1111-1111-1111 and mail ".length));
  });

  it("blocks with a typed error that names the type but not the value", () => {
    const error = (() => {
      try {
        applyStrategy(content, detectEmail(content), "block", "email");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PIIDetectionError);
    expect(WeftError.hasCode(error, "PII_DETECTED")).toBe(true);
    expect((error as PIIDetectionError).piiType).toBe("email");
    expect((error as PIIDetectionError).matches).toHaveLength(1);
    expect(JSON.stringify((error as PIIDetectionError).details)).not.toContain("jane");
  });
});

const lookup = tool(
  async ({ id }: { id: string }) => `Customer ${id}: contact bob@corp.com, card 4111111111111111`,
  {
    name: "lookup",
    description: "Look up a customer.",
    schema: z.object({ id: z.string() }),
  },
);

describe("piiMiddleware through createAgent", () => {
  it("redacts the user's input before the model sees it, and in state", async () => {
    const model = new ScriptedChatModel({ replies: ["Noted."] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        piiRedactionMiddleware({ piiType: "email", strategy: "redact", applyToInput: true }),
        piiRedactionMiddleware({ piiType: "credit_card", strategy: "mask", applyToInput: true }),
      ],
    });
    const result = await agent.invoke({
      messages: [
        {
          role: "user",
          content: "My email is john.doe@example.com and card is 5105-1051-0510-5100",
        },
      ],
    });
    const expected = "My email is [REDACTED_EMAIL] and card is ****-****-****-5100";
    expect(model.calls[0]!.messages[0]!.content).toBe(expected);
    expect(result.messages[0]!.content).toBe(expected);
    expect(result.messages).toHaveLength(2);
  });

  it("blocks input with a custom regex detector", async () => {
    const model = new ScriptedChatModel({ replies: ["never"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        piiRedactionMiddleware({
          piiType: "api_key",
          detector: /sk-[a-zA-Z0-9]{32}/,
          strategy: "block",
        }),
      ],
    });
    const error = await agent
      .invoke({ messages: [new HumanMessage(`key sk-${"a".repeat(32)}`)] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PIIDetectionError);
    expect((error as PIIDetectionError).piiType).toBe("api_key");
    expect(model.calls).toHaveLength(0);
  });

  it("checks tool results and model output when asked, with a function detector", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "lookup", args: { id: "7" }, id: "c1" }] },
        "Reach them at bob@corp.com; order ORD-12345.",
      ],
    });
    const orderIds = (content: string) =>
      [...content.matchAll(/ORD-\d+/g)].map((m) => ({
        text: m[0],
        start: m.index,
        end: m.index + m[0].length,
      }));
    const agent = createAgent({
      model,
      tools: [lookup],
      middleware: [
        piiMiddleware("email", {
          applyToInput: false,
          applyToToolResults: true,
          applyToOutput: true,
        }),
        piiMiddleware("credit_card", { strategy: "mask", applyToToolResults: true }),
        piiMiddleware("order_id", {
          detector: orderIds,
          strategy: "hash",
          applyToInput: false,
          applyToOutput: true,
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("who is 7?")] });
    const toolText = "Customer 7: contact [REDACTED_EMAIL], card ****-****-****-1111";
    expect(result.messages[2]!.content).toBe(toolText);
    expect(model.calls[1]!.messages.at(-1)!.content).toBe(toolText);
    expect(result.messages[3]!.content).toMatch(
      /^Reach them at \[REDACTED_EMAIL\]; order <order_id_hash:[0-9a-f]{8}>\.$/,
    );
  });

  it("scrubs tool-call arguments in the model's output", async () => {
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "lookup", args: { id: "ann@x.org" }, id: "c1" }] }, "done"],
    });
    const agent = createAgent({
      model,
      tools: [lookup],
      middleware: [piiMiddleware("email", { applyToOutput: true })],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("look up")] });
    const call = (result.messages[1] as unknown as { tool_calls: { args: { id: string } }[] })
      .tool_calls[0]!;
    expect(call.args.id).toBe("[REDACTED_EMAIL]");
    expect(result.messages[2]!.content).toContain("Customer [REDACTED_EMAIL]");
  });

  it("stacks guardrails as the docs combine them (same type on input and output)", async () => {
    const model = new ScriptedChatModel({ replies: ["I will write to ops@corp.com."] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        piiRedactionMiddleware({ piiType: "email", strategy: "redact", applyToInput: true }),
        piiRedactionMiddleware({ piiType: "email", strategy: "redact", applyToOutput: true }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("I am me@home.net")] });
    expect(result.messages.map((m) => m.text)).toEqual([
      "I am [REDACTED_EMAIL]",
      "I will write to [REDACTED_EMAIL].",
    ]);
  });

  it("rejects unknown types without a detector and unknown strategies", () => {
    expect(() => piiMiddleware("passport")).toThrow(/unknown PII type/);
    expect(() => piiMiddleware("email", { strategy: "shred" as never })).toThrow(/strategy/);
  });
});
