// Seed 003, "# Structured output" (LangChain agents). The docs use `createAgent` with
// `providerStrategy(schema)` / `toolStrategy(schema)` from `langchain` (Weft: `@weft/agent`,
// tested there). `createReactAgent`'s `responseFormat` is the graph package's equivalent: a
// final model call fills `structuredResponse`, natively (`method: "jsonSchema"`, the provider
// strategy) or through a forced tool call (the default, the tool strategy). The same schemas
// and inputs are used, with a ScriptedChatModel giving the documented answers.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ScriptedChatModel } from "../../src/index.ts";
import { createReactAgent } from "../../src/prebuilt/index.ts";

const CONTACT_INPUT = "Extract contact info from: John Doe, john@example.com, (555) 123-4567";
const REVIEW_INPUT =
  "Analyze this review: 'Great product: 5 out of 5 stars. Fast shipping, but expensive'";
const contact = { name: "John Doe", email: "john@example.com", phone: "(555) 123-4567" };

describe("Structured output: provider strategy", () => {
  const ContactInfo = z.object({
    name: z.string().describe("The name of the person"),
    email: z.string().describe("The email address of the person"),
    phone: z.string().describe("The phone number of the person"),
  });
  const contactInfoSchema = {
    type: "object",
    description: "Contact information for a person.",
    properties: {
      name: { type: "string", description: "The name of the person" },
      email: { type: "string", description: "The email address of the person" },
      phone: { type: "string", description: "The phone number of the person" },
    },
    required: ["name", "email", "phone"],
  };

  for (const [label, schema] of [
    ["a zod schema", ContactInfo],
    ["a JSON Schema", contactInfoSchema],
  ] as const) {
    it(`${label}: the model answers in the schema natively; structuredResponse holds it`, async () => {
      const model = new ScriptedChatModel({
        replies: ["John Doe can be reached at john@example.com.", JSON.stringify(contact)],
      });
      const agent = createReactAgent({
        llm: model,
        tools: [],
        responseFormat: { schema, method: "jsonSchema", name: "ContactInfo" },
      });
      const result = await agent.invoke({
        messages: [{ role: "user", content: CONTACT_INPUT }],
      });
      expect(result.structuredResponse).toEqual(contact);
      // The structured call asked for the schema as a response format.
      expect(model.calls[1]!.responseFormat).toMatchObject({
        type: "json_schema",
        json_schema: {
          name: "ContactInfo",
          schema: {
            type: "object",
            properties: {
              name: { type: "string", description: "The name of the person" },
              email: { type: "string", description: "The email address of the person" },
              phone: { type: "string", description: "The phone number of the person" },
            },
            required: ["name", "email", "phone"],
          },
        },
      });
    });
  }
});

describe("Structured output: tool calling strategy", () => {
  const ProductReview = z.object({
    rating: z.number().min(1).max(5).optional(),
    sentiment: z.enum(["positive", "negative"]),
    keyPoints: z
      .array(z.string())
      .describe("The key points of the review. Lowercase, 1-3 words each."),
  });

  it("a zod schema: the answer comes as a forced tool call", async () => {
    const review = { rating: 5, sentiment: "positive", keyPoints: ["fast shipping", "expensive"] };
    const model = new ScriptedChatModel({
      replies: ["A positive review.", { toolCalls: [{ name: "ProductReview", args: review }] }],
    });
    const agent = createReactAgent({
      llm: model,
      tools: [],
      responseFormat: { schema: ProductReview, name: "ProductReview" },
    });
    const result = await agent.invoke({
      messages: [{ role: "user", content: REVIEW_INPUT }],
    });
    expect(result.structuredResponse).toEqual({
      rating: 5,
      sentiment: "positive",
      keyPoints: ["fast shipping", "expensive"],
    });
    expect(model.calls[1]!.tools.map((t) => t.name)).toEqual(["ProductReview"]);
    expect(model.calls[1]!.toolChoice).toBe("ProductReview");
  });

  it("a JSON Schema: the tool's arguments are the response", async () => {
    const productReviewSchema = {
      type: "object",
      description: "Analysis of a product review.",
      properties: {
        rating: {
          type: ["integer", "null"],
          description: "The rating of the product (1-5)",
          minimum: 1,
          maximum: 5,
        },
        sentiment: {
          type: "string",
          enum: ["positive", "negative"],
          description: "The sentiment of the review",
        },
        key_points: {
          type: "array",
          items: { type: "string" },
          description: "The key points of the review",
        },
      },
      required: ["sentiment", "key_points"],
    };
    // The docs print `keyPoints`, but their JSON Schema names the field `key_points`.
    const review = { rating: 5, sentiment: "positive", key_points: ["fast shipping", "expensive"] };
    const model = new ScriptedChatModel({
      replies: ["A positive review.", { toolCalls: [{ name: "ProductReview", args: review }] }],
    });
    const agent = createReactAgent({
      llm: model,
      tools: [],
      responseFormat: { schema: productReviewSchema, name: "ProductReview" },
    });
    const result = await agent.invoke({
      messages: [{ role: "user", content: REVIEW_INPUT }],
    });
    expect(result.structuredResponse).toEqual(review);
    expect(model.calls[1]!.tools[0]).toMatchObject({
      name: "ProductReview",
      description: "Analysis of a product review.",
      parameters: { required: ["sentiment", "key_points"] },
    });
  });
});
