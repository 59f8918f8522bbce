/**
 * The slice of the Standard Schema v1 spec (https://standardschema.dev) that state
 * definitions need. Zod 4, Valibot and ArkType schemas all satisfy it, so state fields
 * are not tied to one validation library.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What `~standard.validate` returns: the parsed value, or the issues found. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaIssue[] };

/** One validation problem reported by a Standard Schema. */
export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The type a schema accepts. */
export type InferSchemaInput<S extends StandardSchemaV1> = NonNullable<
  S["~standard"]["types"]
>["input"];

/** The type a schema produces after parsing (defaults applied). */
export type InferSchemaOutput<S extends StandardSchemaV1> = NonNullable<
  S["~standard"]["types"]
>["output"];

/** True when `value` implements Standard Schema v1 (has a `~standard.validate` function). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if (typeof value !== "object" || value === null) return false;
  const props = (value as { "~standard"?: { validate?: unknown } })["~standard"];
  return typeof props === "object" && props !== null && typeof props.validate === "function";
}

/**
 * A factory for the schema's default value, or `undefined` when it has none.
 *
 * A default is whatever the schema produces from `undefined` (zod `.default()`,
 * valibot `optional(x, default)`...). Producing `undefined` itself (an `.optional()`
 * field) is not a default: the field simply starts empty. The factory re-runs the
 * schema on every call so that mutable defaults (`[]`, `{}`) are never shared
 * between threads.
 */
export function schemaDefaultFactory(schema: StandardSchemaV1): (() => unknown) | undefined {
  let first: StandardSchemaResult<unknown> | undefined;
  try {
    first = validateSync(schema, undefined);
  } catch {
    return undefined; // a schema that throws on `undefined` has no default
  }
  if (first === undefined || first.issues !== undefined || first.value === undefined) {
    return undefined;
  }
  return () => (validateSync(schema, undefined) as { value: unknown }).value;
}

/**
 * Runs a schema synchronously. Returns `undefined` when the schema only validates
 * asynchronously (async refinements), which state definitions do not support.
 */
export function validateSync(
  schema: StandardSchemaV1,
  value: unknown,
): StandardSchemaResult<unknown> | undefined {
  const result = schema["~standard"].validate(value);
  if (isPromiseLike(result)) {
    // Nobody awaits it: keep a rejection from surfacing as an unhandled one.
    result.then(undefined, () => undefined);
    return undefined;
  }
  return result;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
