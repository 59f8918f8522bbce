import { InvalidGraphError } from "../errors.ts";
import { AnnotationRoot, type AnnotationSpec } from "./annotation.ts";
import { annotationDefinition } from "./from-annotation.ts";
import { stateSchemaDefinition } from "./from-state-schema.ts";
import type { StateDefinition } from "./state-definition.ts";
import { stateJsonSchema } from "./state-json-schema.ts";
import { StateSchema, type StateSchemaFields } from "./state-schema.ts";
import { isZodObject, type ZodObjectLike, zodObjectDefinition } from "./zod-object.ts";

/** Any of the three ways to declare a graph state. */
export type AnyStateLike = StateSchema<any> | AnnotationRoot<any> | ZodObjectLike;

/** True for a `StateSchema`, an `Annotation.Root` or a zod object schema. */
export function isStateLike(value: unknown): value is AnyStateLike {
  return StateSchema.isInstance(value) || AnnotationRoot.isInstance(value) || isZodObject(value);
}

/**
 * Turns a state declaration into the channels, key order and input parser the graph
 * builder uses, with its JSON Schemas built lazily on first read of `jsonSchema`.
 * Called once per graph, at build time.
 *
 * @throws InvalidGraphError `INVALID_GRAPH` when `schema` is not a state declaration or
 * one of its fields is invalid.
 */
export function toStateDefinition(schema: AnyStateLike): StateDefinition {
  return withLazyJsonSchema(definitionOf(schema), schema);
}

function definitionOf(schema: AnyStateLike): StateDefinition {
  if (StateSchema.isInstance(schema)) {
    return stateSchemaDefinition(schema as StateSchema<StateSchemaFields>);
  }
  if (AnnotationRoot.isInstance(schema)) {
    return annotationDefinition(schema as AnnotationRoot<AnnotationSpec>);
  }
  if (isZodObject(schema)) return zodObjectDefinition(schema);
  throw new InvalidGraphError(
    `Expected a StateSchema, an Annotation.Root or a zod object as graph state, received ${describe(schema)}`,
  );
}

function withLazyJsonSchema(definition: StateDefinition, schema: AnyStateLike): StateDefinition {
  let built: StateDefinition["jsonSchema"];
  Object.defineProperty(definition, "jsonSchema", {
    configurable: true,
    enumerable: false,
    get: () => {
      built ??= {
        state: stateJsonSchema(schema, "state"),
        input: stateJsonSchema(schema, "input"),
      };
      return built;
    },
  });
  return definition;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return value.constructor?.name ?? "object";
}
