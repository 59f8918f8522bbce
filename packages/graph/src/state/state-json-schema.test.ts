import { describe, expect, it } from "vitest";
import * as z from "zod";
import * as zm from "zod/mini";
import { Annotation } from "./annotation.ts";
import type { JSONSchema } from "./json-schema.ts";
import { MessagesAnnotation } from "./messages-annotation.ts";
import { MessagesZodState } from "./messages-zod-state.ts";
import { stateJsonSchema } from "./state-json-schema.ts";
import { StateSchema } from "./state-schema.ts";
import { withLangGraph } from "./zod-meta.ts";

interface TreeNode {
  label: string;
  children: TreeNode[];
}
const TreeNode: z.ZodType<TreeNode> = z.object({
  label: z.string(),
  get children() {
    return z.array(TreeNode);
  },
});

const ZodState = z.object({
  question: z.string().describe("What the user asked"),
  answer: z.string().optional(),
  attempts: z.number().default(0),
  items: withLangGraph(z.array(z.string()), {
    reducer: { schema: z.string(), fn: (items, item: string) => [...items, item] },
    default: () => [],
    jsonSchemaExtra: { langgraph_nodes: ["collect"] },
  }),
  tree: TreeNode.optional(),
  asOf: z.date().optional(),
  length: z.string().transform((text) => text.length),
});

/** Every `$ref` in the document points at one of its definitions. */
function danglingRefs(schema: JSONSchema): string[] {
  const refs: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === "object" && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") refs.push(value);
        else visit(value);
      }
    }
  };
  visit(schema);
  const defined = Object.keys(schema.definitions ?? {}).map((name) => `#/definitions/${name}`);
  return refs.filter((ref) => !defined.includes(ref));
}

describe("stateJsonSchema of a zod object", () => {
  const state = stateJsonSchema(ZodState, "state")!;
  const input = stateJsonSchema(ZodState, "input")!;

  it("lists every field and requires those without a starting value", () => {
    expect(Object.keys(state.properties ?? {})).toEqual(Object.keys(ZodState.shape));
    expect(state.required).toEqual(["question", "length"]);
    expect(input).not.toHaveProperty("required");
  });

  it("keeps descriptions and defaults", () => {
    expect(state.properties?.question).toEqual({
      type: "string",
      description: "What the user asked",
    });
    expect(state.properties?.attempts).toEqual({ type: "number", default: 0 });
  });

  it("uses the reducer schema for input and the metadata's extra keywords in both", () => {
    expect(state.properties?.items).toEqual({
      type: "array",
      items: { type: "string" },
      langgraph_nodes: ["collect"],
    });
    expect(input.properties?.items).toEqual({ type: "string", langgraph_nodes: ["collect"] });
  });

  it("describes the stored value for state and the accepted value for input", () => {
    expect(state.properties?.length).toEqual({});
    expect(input.properties?.length).toEqual({ type: "string" });
  });

  it("lists types JSON cannot express as any value", () => {
    expect(state.properties?.asOf).toEqual({});
  });

  it("hoists recursive schemas into definitions that every $ref resolves to", () => {
    expect(state.definitions).toBeDefined();
    expect(danglingRefs(state)).toEqual([]);
    expect(danglingRefs(input)).toEqual([]);
  });

  it("wraps a referenced field in allOf so its extra keywords count in draft-07", () => {
    const Shared = z.object({ id: z.string() }).meta({ id: "Shared" });
    const schema = stateJsonSchema(
      z.object({ pick: withLangGraph(Shared, { jsonSchemaExtra: { langgraph_nodes: ["a"] } }) }),
      "state",
    );
    expect(schema?.properties?.pick).toEqual({
      allOf: [{ $ref: "#/definitions/Shared" }],
      langgraph_nodes: ["a"],
    });
  });

  it("lists a field zod cannot convert as any value and keeps the others", () => {
    const schema = stateJsonSchema(
      z.object({ odd: z.any().default(() => undefined), ok: z.number() }),
      "state",
    );
    expect(schema?.properties).toEqual({ odd: {}, ok: { type: "number" } });
  });

  it("accepts zod/mini schemas", () => {
    const schema = stateJsonSchema(
      zm.object({ name: zm.string(), n: zm.optional(zm.number()) }),
      "state",
    );
    expect(schema?.properties).toEqual({ name: { type: "string" }, n: { type: "number" } });
    expect(schema?.required).toEqual(["name"]);
  });

  it("describes MessagesZodState's messages as a marked list of message objects", () => {
    const schema = stateJsonSchema(MessagesZodState.extend({ topic: z.string() }), "state");
    expect(schema?.properties?.messages).toMatchObject({
      type: "array",
      items: { type: "object" },
      langgraph_type: "messages",
    });
    expect(schema?.required).toEqual(["topic"]);
  });

  it("is plain JSON, equal on every call", () => {
    for (const kind of ["state", "input"] as const) {
      const schema = stateJsonSchema(ZodState, kind);
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
      expect(stateJsonSchema(ZodState, kind)).toEqual(schema);
    }
  });
});

describe("stateJsonSchema of an Annotation.Root", () => {
  const Root = Annotation.Root({
    ...MessagesAnnotation.spec,
    question: Annotation<string>,
    notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  });

  it("lists every key as any value, none required", () => {
    const schema = stateJsonSchema(Root, "state");
    expect(Object.keys(schema?.properties ?? {})).toEqual(["messages", "question", "notes"]);
    expect(schema?.properties?.question).toEqual({});
    expect(schema?.properties?.notes).toEqual({});
    expect(schema).not.toHaveProperty("required");
  });

  it("marks a field reduced by messagesStateReducer as messages", () => {
    expect(stateJsonSchema(Root, "state")?.properties?.messages).toMatchObject({
      type: "array",
      langgraph_type: "messages",
    });
    expect(stateJsonSchema(Root, "input")?.properties?.messages).toMatchObject({
      anyOf: expect.any(Array),
      langgraph_type: "messages",
    });
  });
});

describe("stateJsonSchema", () => {
  it("gives a StateSchema's own JSON Schemas", () => {
    const State = new StateSchema({ a: z.string(), b: z.number().default(1) });
    expect(stateJsonSchema(State, "state")).toEqual(State.getJsonSchema());
    expect(stateJsonSchema(State, "input")).toEqual(State.getInputJsonSchema());
  });

  it("returns undefined for what is not a state declaration", () => {
    expect(stateJsonSchema({ a: 1 } as never, "state")).toBeUndefined();
    expect(stateJsonSchema(z.string() as never, "input")).toBeUndefined();
  });
});
