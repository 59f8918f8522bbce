export {
  Annotation,
  type AnnotationFunction,
  AnnotationRoot,
  type AnnotationSpec,
  type SingleReducer,
  type SpecState,
  type SpecUpdate,
} from "./annotation.ts";
export type { JSONSchema, StateJsonSchemaKind } from "./json-schema.ts";
export { MessagesAnnotation } from "./messages-annotation.ts";
export { MessagesValue } from "./messages-value.ts";
export { MessagesZodMeta, MessagesZodState } from "./messages-zod-state.ts";
export type { NodeReturn, StateNode } from "./node-type.ts";
export type { InputIssue } from "./parse-input.ts";
export {
  ReducedValue,
  type ReducedValueInit,
  type ReducedValueInitBase,
  type ReducedValueInitWithSchema,
} from "./reduced-value.ts";
export type { ReducerUpdate } from "./reducer-update.ts";
export {
  type InferSchemaInput,
  type InferSchemaOutput,
  isStandardSchema,
  type StandardSchemaIssue,
  type StandardSchemaResult,
  type StandardSchemaV1,
} from "./standard-schema.ts";
export type { StateDefinition } from "./state-definition.ts";
export { stateJsonSchema } from "./state-json-schema.ts";
export {
  type InferStateSchemaUpdate,
  type InferStateSchemaValue,
  StateSchema,
  type StateSchemaField,
  type StateSchemaFields,
} from "./state-schema.ts";
export type { InputOutputDeclaration, StateType, UpdateType } from "./state-types.ts";
export { type AnyStateLike, isStateLike, toStateDefinition } from "./to-state-definition.ts";
export { UntrackedValue, type UntrackedValueInit } from "./untracked-value.ts";
export {
  getSchemaMeta,
  type ReducedZodField,
  registry,
  type SchemaMeta,
  withLangGraph,
  type ZodFieldUpdate,
} from "./zod-meta.ts";
export {
  isZodObject,
  type ZodObjectLike,
  type ZodObjectState,
  type ZodObjectUpdate,
} from "./zod-object.ts";
