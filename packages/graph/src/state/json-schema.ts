/**
 * A JSON Schema (draft-07) as plain JSON data: what the state JSON Schema functions
 * return and what the Agent Server sends from `/assistants/{id}/schemas`.
 */
export interface JSONSchema {
  $schema?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JSONSchema>;
  required?: string[];
  items?: JSONSchema | JSONSchema[];
  anyOf?: JSONSchema[];
  definitions?: Record<string, JSONSchema>;
  [keyword: string]: unknown;
}

/**
 * Which JSON Schema of a state: `"state"` is the stored shape (keys without a
 * starting value are `required`); `"input"` is what graph input and node updates
 * accept (reducer input schemas, every key optional).
 */
export type StateJsonSchemaKind = "state" | "input";

/** The `$schema` of every state JSON Schema: draft-07, the draft Studio's forms read. */
export const JSON_SCHEMA_DRAFT_07 = "http://json-schema.org/draft-07/schema#";
