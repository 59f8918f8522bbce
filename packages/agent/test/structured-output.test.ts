import { Command, MemorySaver, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  createAgent,
  createMiddleware,
  HumanMessage,
  MultipleStructuredOutputsError,
  providerStrategy,
  StructuredOutputParsingError,
  type ToolMessage,
  tool,
  toolStrategy,
} from "../src/index.ts";

const ContactInfo = z
  .object({ name: z.string(), email: z.string(), phone: z.string() })
  .meta({ title: "ContactInfo" });

const ProductRating = z
  .object({ rating: z.number().min(1).max(5), comment: z.string() })
  .meta({ title: "ProductRating" });

describe("structured output, tool strategy", () => {
  it("auto-picks the tool strategy for a model without native support and fills structuredResponse", async () => {
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            {
              name: "ContactInfo",
              args: { name: "John Doe", email: "john@example.com", phone: "(555) 123-4567" },
              id: "call_1",
            },
          ],
        },
      ],
    });
    const agent = createAgent({ model, tools: [], responseFormat: ContactInfo });
    const result = await agent.invoke({
      messages: [
        {
          role: "user",
          content: "Extract contact info from: John Doe, john@example.com, (555) 123-4567",
        },
      ],
    });
    expect(result.structuredResponse).toEqual({
      name: "John Doe",
      email: "john@example.com",
      phone: "(555) 123-4567",
    });
    const last = result.messages.at(-1) as ToolMessage;
    expect(last.type).toBe("tool");
    expect(last.tool_call_id).toBe("call_1");
    expect(last.content).toBe(
      'Returning structured response: {"name":"John Doe","email":"john@example.com","phone":"(555) 123-4567"}',
    );
    // The schema was offered as a tool and a tool call was required.
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["ContactInfo"]);
    expect(model.calls[0]!.toolChoice).toBe("any");
  });

  it("runs the agent's tools first, then returns the structured answer", async () => {
    const lookup = tool(async () => "john@example.com", {
      name: "lookup_email",
      description: "finds the email",
      schema: z.object({}),
    });
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "lookup_email", args: {} }] },
        {
          toolCalls: [
            { name: "ContactInfo", args: { name: "J", email: "john@example.com", phone: "1" } },
          ],
        },
      ],
    });
    const agent = createAgent({
      model,
      tools: [lookup],
      responseFormat: toolStrategy(ContactInfo),
    });
    const result = await agent.invoke({ messages: [new HumanMessage("who?")] });
    expect(result.structuredResponse.email).toBe("john@example.com");
    expect(result.messages.map((m) => m.type)).toEqual(["human", "ai", "tool", "ai", "tool"]);
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["lookup_email", "ContactInfo"]);
  });

  it("sends a validation error back to the model and retries", async () => {
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            {
              name: "ProductRating",
              args: { rating: 10, comment: "Amazing product" },
              id: "call_1",
            },
          ],
        },
        {
          toolCalls: [
            {
              name: "ProductRating",
              args: { rating: 5, comment: "Amazing product" },
              id: "call_2",
            },
          ],
        },
      ],
    });
    const agent = createAgent({ model, tools: [], responseFormat: toolStrategy(ProductRating) });
    const result = await agent.invoke({
      messages: [new HumanMessage("Parse this: Amazing product, 10/10!")],
    });
    expect(result.structuredResponse).toEqual({ rating: 5, comment: "Amazing product" });
    const error = result.messages[2] as ToolMessage;
    expect(error.tool_call_id).toBe("call_1");
    expect(error.status).toBe("error");
    expect(error.content).toMatch(
      /^Error: Failed to parse structured output for tool 'ProductRating':/,
    );
    expect(error.content).toContain("rating");
    expect(error.content).toMatch(/Please fix your mistakes\.$/);
    expect(model.calls).toHaveLength(2);
    // The retry sees the error message.
    expect(model.calls[1]!.messages.at(-1)!.type).toBe("tool");
  });

  it("reports multiple structured outputs as an error on each call, then retries", async () => {
    const EventDetails = z
      .object({ event_name: z.string(), date: z.string() })
      .meta({ title: "EventDetails" });
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            {
              name: "ContactInfo",
              args: { name: "John", email: "j@e.com", phone: "1" },
              id: "call_1",
            },
            {
              name: "EventDetails",
              args: { event_name: "Tech", date: "March 15th" },
              id: "call_2",
            },
          ],
        },
        {
          toolCalls: [
            {
              name: "ContactInfo",
              args: { name: "John", email: "j@e.com", phone: "1" },
              id: "call_3",
            },
          ],
        },
      ],
    });
    const agent = createAgent({
      model,
      tools: [],
      responseFormat: toolStrategy([ContactInfo, EventDetails]),
    });
    const result = await agent.invoke({ messages: [new HumanMessage("Extract info")] });
    const errors = result.messages.filter((m) => m.type === "tool").slice(0, 2) as ToolMessage[];
    expect(errors.map((m) => m.tool_call_id)).toEqual(["call_1", "call_2"]);
    for (const e of errors) expect(e.content).toContain("multiple structured responses");
    expect(result.structuredResponse).toEqual({ name: "John", email: "j@e.com", phone: "1" });
  });

  it("uses handleError as the message, and throws with handleError: false", async () => {
    const bad = { toolCalls: [{ name: "ProductRating", args: { rating: 10, comment: "x" } }] };
    const good = { toolCalls: [{ name: "ProductRating", args: { rating: 4, comment: "x" } }] };
    const custom = createAgent({
      model: new ScriptedChatModel({ replies: [bad, good] }),
      tools: [],
      responseFormat: toolStrategy(ProductRating, {
        handleError: "Please provide a valid rating between 1-5 and include a comment.",
      }),
    });
    const result = await custom.invoke({ messages: [new HumanMessage("rate")] });
    expect(result.messages[2]!.content).toBe(
      "Please provide a valid rating between 1-5 and include a comment.",
    );
    expect(result.structuredResponse.rating).toBe(4);

    const viaFunction = createAgent({
      model: new ScriptedChatModel({ replies: [bad, good] }),
      tools: [],
      responseFormat: toolStrategy(ProductRating, {
        handleError: (error) =>
          error instanceof StructuredOutputParsingError ? `bad: ${error.toolName}` : error.message,
      }),
    });
    const second = await viaFunction.invoke({ messages: [new HumanMessage("rate")] });
    expect(second.messages[2]!.content).toBe("bad: ProductRating");

    const strict = createAgent({
      model: new ScriptedChatModel({ replies: [bad] }),
      tools: [],
      responseFormat: toolStrategy(ProductRating, { handleError: false }),
    });
    const failure = await strict.invoke({ messages: [new HumanMessage("rate")] }).catch((e) => e);
    expect(failure).toBeInstanceOf(StructuredOutputParsingError);
    expect(failure.code).toBe("OUTPUT_PARSING_FAILURE");
  });

  it("throws MultipleStructuredOutputsError with handleError: false", async () => {
    const Other = z.object({ a: z.string() }).meta({ title: "Other" });
    const agent = createAgent({
      model: new ScriptedChatModel({
        replies: [
          {
            toolCalls: [
              { name: "Other", args: { a: "1" } },
              { name: "Other", args: { a: "2" } },
            ],
          },
        ],
      }),
      tools: [],
      responseFormat: toolStrategy(Other, { handleError: false }),
    });
    await expect(agent.invoke({ messages: [new HumanMessage("x")] })).rejects.toBeInstanceOf(
      MultipleStructuredOutputsError,
    );
  });

  it("uses toolMessageContent for the closing ToolMessage", async () => {
    const MeetingAction = z
      .object({
        task: z.string(),
        assignee: z.string(),
        priority: z.enum(["low", "medium", "high"]),
      })
      .meta({ title: "MeetingAction" });
    const agent = createAgent({
      model: new ScriptedChatModel({
        replies: [
          {
            toolCalls: [
              {
                name: "MeetingAction",
                args: { task: "update the project timeline", assignee: "Sarah", priority: "high" },
                id: "call_456",
              },
            ],
          },
        ],
      }),
      tools: [],
      responseFormat: toolStrategy(MeetingAction, {
        toolMessageContent: "Action item captured and added to meeting notes!",
      }),
    });
    const result = await agent.invoke({ messages: [new HumanMessage("From our meeting...")] });
    expect(result.messages.at(-1)!.content).toBe(
      "Action item captured and added to meeting notes!",
    );
    expect(result.structuredResponse.assignee).toBe("Sarah");
  });

  it("accepts a JSON Schema and validates it", async () => {
    const productReviewSchema = {
      type: "object",
      title: "ProductReview",
      properties: {
        rating: { type: ["integer", "null"] },
        sentiment: { type: "string", enum: ["positive", "negative"] },
        key_points: { type: "array", items: { type: "string" } },
      },
      required: ["sentiment", "key_points"],
    };
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "ProductReview", args: { sentiment: "great", key_points: [] } }] },
        {
          toolCalls: [
            {
              name: "ProductReview",
              args: { rating: 5, sentiment: "positive", key_points: ["fast"] },
            },
          ],
        },
      ],
    });
    const agent = createAgent({
      model,
      tools: [],
      responseFormat: toolStrategy(productReviewSchema),
    });
    const result = await agent.invoke({ messages: [new HumanMessage("review")] });
    expect(result.messages[2]!.content).toContain("sentiment: must be one of");
    expect(result.structuredResponse).toEqual({
      rating: 5,
      sentiment: "positive",
      key_points: ["fast"],
    });
  });
});

describe("structured output, provider strategy", () => {
  it("sends a json_schema response format and parses the reply text", async () => {
    const model = new ScriptedChatModel({
      replies: ['{"name":"John Doe","email":"john@example.com","phone":"(555) 123-4567"}'],
    });
    const agent = createAgent({ model, tools: [], responseFormat: providerStrategy(ContactInfo) });
    const result = await agent.invoke({ messages: [new HumanMessage("extract")] });
    expect(result.structuredResponse).toEqual({
      name: "John Doe",
      email: "john@example.com",
      phone: "(555) 123-4567",
    });
    const format = model.calls[0]!.responseFormat as {
      type: string;
      json_schema: { name: string; strict: boolean };
    };
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.name).toBe("ContactInfo");
    expect(format.json_schema.strict).toBe(true);
    expect(model.calls[0]!.tools).toEqual([]);
  });

  it("asks for strict mode only when the schema allows it, unless told", async () => {
    const Loose = z
      .object({ name: z.string(), nickname: z.string().optional() })
      .meta({ title: "Loose" });
    expect(providerStrategy(ContactInfo).strict).toBe(true);
    expect(providerStrategy(Loose).strict).toBe(false);
    expect(providerStrategy({ schema: Loose, strict: true }).strict).toBe(true);
    expect(
      providerStrategy({ schema: ContactInfo, strict: false }).responseFormat.json_schema.strict,
    ).toBe(false);
  });

  it("fails with StructuredOutputParsingError when the reply does not match", async () => {
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ['{"name":"only"}'] }),
      tools: [],
      responseFormat: providerStrategy(ContactInfo),
    });
    await expect(agent.invoke({ messages: [new HumanMessage("x")] })).rejects.toBeInstanceOf(
      StructuredOutputParsingError,
    );
  });
});

describe("structured output across processes", () => {
  it("a resumed thread recognizes the structured answer without a new model call", async () => {
    const checkpointer = new MemorySaver();
    const Answer = z.object({ value: z.number() }); // untitled: named by its schema's digest
    const review = createMiddleware({
      name: "Review",
      afterModel: (state, runtime) => {
        if (state.structuredResponse !== undefined) runtime.interrupt("review the answer");
      },
    });
    const build = (model: ScriptedChatModel) =>
      createAgent({ model, tools: [], responseFormat: Answer, middleware: [review], checkpointer });
    const first = new ScriptedChatModel({
      replies: [(call) => ({ toolCalls: [{ name: call.tools[0]!.name, args: { value: 42 } }] })],
    });
    const config = { configurable: { thread_id: "restart" } };
    const paused = await build(first).invoke({ messages: [new HumanMessage("answer?")] }, config);
    expect(paused.__interrupt__).toHaveLength(1);
    expect(first.calls[0]!.tools[0]!.name).toMatch(/^extract-[0-9a-f]{8}$/);
    // Another agent instance (as after a restart) resumes the thread.
    const second = new ScriptedChatModel({ replies: [] });
    const resumed = await build(second).invoke(new Command({ resume: "ok" }), config);
    expect(resumed.structuredResponse).toEqual({ value: 42 });
    expect(second.calls).toHaveLength(0);
  });
});
