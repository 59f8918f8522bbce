import { describe, expect, it } from "vitest";
import * as z from "zod";
import { MessagesValue } from "./messages-value.ts";
import { ReducedValue } from "./reduced-value.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";
import { StateSchema } from "./state-schema.ts";
import { UntrackedValue } from "./untracked-value.ts";

const State = new StateSchema({
  messages: MessagesValue,
  step: z.string(),
  count: z.number().default(0),
  note: z.string().optional(),
  log: new ReducedValue(
    z.array(z.string()).default(() => []),
    {
      inputSchema: z.string(),
      reducer: (log, line) => [...log, line],
      jsonSchemaExtra: { langgraph_nodes: ["writer"] },
    },
  ),
  cache: new UntrackedValue(z.record(z.string(), z.number())),
  handle: new UntrackedValue(),
});

/** A schema of another library: validates, and converts itself to JSON Schema. */
function foreignSchema(jsonSchema?: Record<string, unknown>): StandardSchemaV1<string> {
  const convert = () => ({ $schema: "x", ...jsonSchema });
  return {
    "~standard": {
      validate: (value) =>
        typeof value === "string" ? { value } : { issues: [{ message: "not a string" }] },
      ...(jsonSchema === undefined ? {} : { jsonSchema: { input: convert, output: convert } }),
    } as StandardSchemaV1<string>["~standard"],
  };
}

describe("StateSchema.getJsonSchema", () => {
  const schema = State.getJsonSchema();

  it("describes an object with every field, in declaration order", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties ?? {})).toEqual([
      "messages",
      "step",
      "count",
      "note",
      "log",
      "cache",
      "handle",
    ]);
    expect(schema.properties?.step).toEqual({ type: "string" });
  });

  it("requires exactly the keys without a starting value", () => {
    expect(schema.required).toEqual(["step", "cache"]);
    expect(new StateSchema({ a: z.string().default("") }).getJsonSchema()).not.toHaveProperty(
      "required",
    );
  });

  it("keeps schema defaults", () => {
    expect(schema.properties?.count).toEqual({ type: "number", default: 0 });
  });

  it("uses a ReducedValue's value schema, with its extra keywords", () => {
    expect(schema.properties?.log).toEqual({
      type: "array",
      items: { type: "string" },
      default: [],
      langgraph_nodes: ["writer"],
    });
  });

  it("describes MessagesValue as a list of message objects marked as messages", () => {
    const messages = schema.properties?.messages;
    expect(messages).toMatchObject({
      type: "array",
      langgraph_type: "messages",
      description: "A list of chat messages",
      items: { type: "object", required: ["type", "content"] },
    });
  });

  it("lists untracked fields: by their schema, or as any value without one", () => {
    expect(schema.properties?.cache).toMatchObject({ type: "object" });
    expect(schema.properties?.handle).toEqual({});
  });
});

describe("StateSchema.getInputJsonSchema", () => {
  const input = State.getInputJsonSchema();

  it("makes every key optional", () => {
    expect(input).not.toHaveProperty("required");
    expect(Object.keys(input.properties ?? {})).toHaveLength(7);
  });

  it("uses a ReducedValue's input schema instead of its value schema", () => {
    expect(input.properties?.log).toEqual({ type: "string", langgraph_nodes: ["writer"] });
  });

  it("accepts what the messages reducer accepts, still marked as messages", () => {
    const messages = input.properties?.messages;
    expect(messages?.langgraph_type).toBe("messages");
    const alternatives = (messages?.anyOf ?? []).map((option) => option.type);
    expect(alternatives).toEqual(["string", "array", "object", "array"]);
  });

  it("keeps untracked fields, which graph input may set", () => {
    expect(input.properties?.cache).toMatchObject({ type: "object" });
  });
});

describe("StateSchema JSON Schemas of other schema libraries", () => {
  it("uses a schema's Standard JSON Schema converter, without its $schema", () => {
    const state = new StateSchema({ name: foreignSchema({ type: "string", minLength: 1 }) });
    expect(state.getJsonSchema().properties?.name).toEqual({ type: "string", minLength: 1 });
    expect(state.getJsonSchema().required).toEqual(["name"]);
  });

  it("lists a field that cannot convert itself as any value", () => {
    const state = new StateSchema({ name: foreignSchema() });
    expect(state.getInputJsonSchema().properties?.name).toEqual({});
  });
});

describe("StateSchema JSON Schemas as data", () => {
  it("survive a JSON round trip unchanged", () => {
    for (const schema of [State.getJsonSchema(), State.getInputJsonSchema()]) {
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    }
  });

  it("are equal, and fresh, on every call", () => {
    const first = State.getJsonSchema();
    const second = State.getJsonSchema();
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(second.properties?.messages).not.toBe(first.properties?.messages);
  });
});
