import type { JsonField } from "./json-field.ts";
import { JSON_SCHEMA_DRAFT_07, type JSONSchema, type StateJsonSchemaKind } from "./json-schema.ts";
import { isMessagesExtra, messagesJsonSchema } from "./messages-json-schema.ts";
import {
  isZodSchema,
  type SchemaIo,
  standardJsonSchema,
  zodFieldsJsonSchema,
} from "./schema-json.ts";

/**
 * The JSON Schema of a whole state, from its fields in declaration order. Every key is
 * listed: a key whose schema has no JSON form takes any value (`{}`), and a
 * message-list key without one gets the message-list schema. `"state"` lists keys
 * without a starting value under `required`; `"input"` makes every key optional.
 */
export function objectJsonSchema(
  fields: readonly JsonField[],
  kind: StateJsonSchemaKind,
): JSONSchema {
  const io: SchemaIo = kind === "state" ? "output" : "input";
  const schemaOf = (field: JsonField) => (kind === "state" ? field.value : field.input);
  const zodShape = Object.fromEntries(
    fields.flatMap((field) => {
      const schema = schemaOf(field);
      return isZodSchema(schema) ? [[field.key, schema]] : [];
    }),
  );
  const zod = zodFieldsJsonSchema(zodShape, io);
  const properties: Record<string, JSONSchema> = {};
  for (const field of fields) {
    const generated = zod.properties[field.key] ?? standardJsonSchema(schemaOf(field), io) ?? {};
    properties[field.key] = withExtra(generated, field.extra, io);
  }
  const result: JSONSchema = { $schema: JSON_SCHEMA_DRAFT_07, type: "object", properties };
  const required = fields.filter((field) => field.required).map((field) => field.key);
  if (kind === "state" && required.length > 0) result.required = required;
  if (zod.definitions !== undefined) result.definitions = zod.definitions;
  return result;
}

function withExtra(
  generated: JSONSchema,
  extra: Record<string, unknown> | undefined,
  io: SchemaIo,
): JSONSchema {
  if (extra === undefined) return generated;
  const base =
    isMessagesExtra(extra) && Object.keys(generated).length === 0
      ? messagesJsonSchema(io)
      : generated;
  // Draft-07 ignores keywords beside `$ref`, so a referenced schema is wrapped.
  return "$ref" in base ? { allOf: [base], ...extra } : { ...base, ...extra };
}
