import { AnnotationRoot, type AnnotationSpec } from "./annotation.ts";
import { annotationJsonFields } from "./annotation-json.ts";
import type { JSONSchema, StateJsonSchemaKind } from "./json-schema.ts";
import { objectJsonSchema } from "./object-json-schema.ts";
import { StateSchema, type StateSchemaFields } from "./state-schema.ts";
import { stateSchemaJsonFields } from "./state-schema-json.ts";
import type { AnyStateLike } from "./to-state-definition.ts";
import { isZodObject } from "./zod-object.ts";
import { zodObjectJsonFields } from "./zod-object-json.ts";

/**
 * The JSON Schema (draft-07) of any state declaration: `"state"` for the stored shape,
 * `"input"` for what graph input and node updates accept. This is what the Agent
 * Server returns as `state_schema` / `input_schema` / `output_schema`.
 *
 * - `StateSchema`: the same as `getJsonSchema()` / `getInputJsonSchema()`.
 * - zod object: the field schemas (zod's own converter), reducer schemas for input,
 *   `jsonSchemaExtra` from the field metadata.
 * - `Annotation.Root`: annotations have no runtime types, so every key is listed
 *   taking any value (`{}`), message fields marked. (The peer's library returns
 *   nothing here and its server reads the TypeScript types instead; listing the keys
 *   is the closest a runtime can get.)
 *
 * Every declared key is listed (a schema without a JSON form becomes `{}`), message
 * lists carry `langgraph_type: "messages"`, and the result is plain JSON, built anew on
 * each call. Returns `undefined` for a value that is not a state declaration; never
 * throws.
 *
 * @example
 * const State = z.object({ question: z.string(), answer: z.string().optional() });
 * stateJsonSchema(State, "state");
 * // { $schema: "http://json-schema.org/draft-07/schema#", type: "object",
 * //   properties: { question: { type: "string" }, answer: { type: "string" } },
 * //   required: ["question"] }
 */
export function stateJsonSchema(
  schema: AnyStateLike,
  kind: StateJsonSchemaKind,
): JSONSchema | undefined {
  if (StateSchema.isInstance(schema)) {
    return objectJsonSchema(stateSchemaJsonFields(schema.fields as StateSchemaFields), kind);
  }
  if (AnnotationRoot.isInstance(schema)) {
    return objectJsonSchema(annotationJsonFields(schema as AnnotationRoot<AnnotationSpec>), kind);
  }
  if (isZodObject(schema)) return objectJsonSchema(zodObjectJsonFields(schema), kind);
  return undefined;
}
