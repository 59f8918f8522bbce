import type { JsonField } from "./json-field.ts";
import { rejectsUndefined } from "./json-field.ts";
import { ReducedValue } from "./reduced-value.ts";
import { isStandardSchema } from "./standard-schema.ts";
import type { StateSchemaFields } from "./state-schema.ts";
import { UntrackedValue } from "./untracked-value.ts";

/**
 * How the fields of a `StateSchema` appear in its JSON Schemas, as in the peer: a
 * `ReducedValue` is its value schema in the state and its input schema in updates,
 * both with its `jsonSchemaExtra`; an `UntrackedValue` is its schema in both (graph
 * input may set it); a key is required when its schema rejects `undefined`.
 */
export function stateSchemaJsonFields(fields: StateSchemaFields): JsonField[] {
  return Object.entries(fields).map(([key, field]): JsonField => {
    if (ReducedValue.isInstance(field)) {
      return {
        key,
        value: field.valueSchema,
        input: field.inputSchema,
        extra: field.jsonSchemaExtra,
        required: rejectsUndefined(field.valueSchema),
      };
    }
    const schema = UntrackedValue.isInstance(field)
      ? field.schema
      : isStandardSchema(field)
        ? field
        : undefined;
    return {
      key,
      value: schema,
      input: schema,
      required: schema !== undefined && rejectsUndefined(schema),
    };
  });
}
