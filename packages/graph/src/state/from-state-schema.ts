import { UntrackedValue as UntrackedValueChannel } from "../channels/index.ts";
import { InvalidGraphError } from "../errors.ts";
import { lastValueChannel, reducerChannel } from "./field-channels.ts";
import { createInputParser } from "./parse-input.ts";
import { ReducedValue } from "./reduced-value.ts";
import {
  isStandardSchema,
  type StandardSchemaV1,
  schemaDefaultFactory,
} from "./standard-schema.ts";
import type { StateDefinition } from "./state-definition.ts";
import type { StateSchema, StateSchemaFields } from "./state-schema.ts";
import { UntrackedValue } from "./untracked-value.ts";

/**
 * Channels and input parser of a {@link StateSchema}: plain schema → last value,
 * `ReducedValue` → reducer, `UntrackedValue` → never-checkpointed value; a schema
 * default is the field's starting value.
 *
 * @throws InvalidGraphError `INVALID_GRAPH` for a field that is none of these.
 */
export function stateSchemaDefinition(schema: StateSchema<StateSchemaFields>): StateDefinition {
  const channels: StateDefinition["channels"] = {};
  const inputs = new Map<string, StandardSchemaV1 | undefined>();
  for (const [key, field] of Object.entries(schema.fields)) {
    if (ReducedValue.isInstance(field)) {
      channels[key] = reducerChannel(field.reducer, schemaDefaultFactory(field.valueSchema));
      inputs.set(key, field.inputSchema);
    } else if (UntrackedValue.isInstance(field)) {
      const initialValueFactory =
        field.schema === undefined ? undefined : schemaDefaultFactory(field.schema);
      channels[key] = new UntrackedValueChannel({ guard: field.guard, initialValueFactory });
      inputs.set(key, field.schema);
    } else if (isStandardSchema(field)) {
      channels[key] = lastValueChannel(key, schemaDefaultFactory(field));
      inputs.set(key, field);
    } else {
      throw new InvalidGraphError(
        `State field "${key}" must be a schema (such as zod), a ReducedValue or an UntrackedValue`,
        { key },
      );
    }
  }
  return { channels, keys: Object.keys(channels), parseInput: createInputParser(inputs) };
}
