import { type StandardSchemaV1, validateSync } from "./standard-schema.ts";

/** How one state key is described in the state's JSON Schemas. */
export interface JsonField {
  key: string;
  /** Schema of the stored value; absent when the key takes any value. */
  value?: StandardSchemaV1 | undefined;
  /** Schema of one update; absent when the key takes any value. */
  input?: StandardSchemaV1 | undefined;
  /** Keywords merged over the generated schema (`jsonSchemaExtra`). */
  extra?: Record<string, unknown> | undefined;
  /** Listed under `required` in the `"state"` schema: the key has no starting value. */
  required: boolean;
}

/**
 * True when the schema rejects `undefined`, so that a state key holding it has no
 * starting value (the rule the peer uses for `required`: neither a default nor
 * optional). A schema that throws or validates asynchronously counts as rejecting.
 */
export function rejectsUndefined(schema: StandardSchemaV1): boolean {
  try {
    const result = validateSync(schema, undefined);
    return result === undefined || result.issues !== undefined;
  } catch {
    return true;
  }
}
