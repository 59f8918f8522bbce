import {
  BaseChatModel,
  type InferSchemaOutput,
  isStandardSchema,
  type StandardSchemaV1,
} from "@weft/graph";
import type * as zc from "zod/v4/core";
import { toJSONSchema } from "zod/v4/core";
import { StructuredOutputParsingError } from "../errors.ts";
import { checkJsonValue } from "./json-value-check.ts";

/** A JSON Schema object, as given to `responseFormat` or produced from a zod schema. */
export type JsonSchema = Record<string, unknown>;

/**
 * What `handleError` of {@link toolStrategy} does with a bad structured answer:
 * `true` (default) tells the model what was wrong and asks again; `false` throws; a
 * string is the message sent back instead; a function returns that message (or throws).
 */
export type ToolStrategyErrorHandler =
  | boolean
  | string
  | ((error: Error) => string | Promise<string>);

/** Options of {@link toolStrategy}. */
export interface ToolStrategyOptions {
  /** Content of the `ToolMessage` answering the structured-output call. @default "Returning structured response: <json>" */
  toolMessageContent?: string;
  /** @default true */
  handleError?: ToolStrategyErrorHandler;
}

/** A schema turned into the parts a strategy needs: its JSON Schema, name and validator. */
class SchemaSpec<T = unknown> {
  readonly source: unknown;
  readonly json: JsonSchema;
  readonly name: string;
  readonly description: string;

  constructor(source: unknown, name?: string) {
    this.source = source;
    this.json = jsonSchemaOf(source);
    this.name = toolName(
      name ??
        (typeof this.json.title === "string" ? this.json.title : `extract-${hash(this.json)}`),
    );
    this.description =
      typeof this.json.description === "string"
        ? this.json.description
        : "Tool for extracting structured output from the model's response.";
  }

  /**
   * Validates `value` (zod and other Standard Schemas parse it, applying their transforms
   * and defaults; JSON Schemas check it).
   * @throws StructuredOutputParsingError `OUTPUT_PARSING_FAILURE` listing what does not match.
   */
  async parse(value: unknown): Promise<T> {
    if (isStandardSchema(this.source)) {
      const result = await this.source["~standard"].validate(value);
      if (result.issues) {
        throw new StructuredOutputParsingError(
          this.name,
          result.issues.map((issue) => {
            const path = (issue.path ?? [])
              .map((p) => String(typeof p === "object" ? p.key : p))
              .join(".");
            return path ? `${path}: ${issue.message}` : issue.message;
          }),
        );
      }
      return result.value as T;
    }
    const problems = checkJsonValue(this.json, value);
    if (problems.length > 0) throw new StructuredOutputParsingError(this.name, problems);
    return value as T;
  }
}

/**
 * Structured output through a tool call: the schema is offered to the model as a tool
 * (named after the schema's `title`), and the model's call of it is the answer. Works
 * with every tool-calling model. Bad answers are reported back and retried (see
 * {@link ToolStrategyOptions.handleError}).
 */
export class ToolStrategy<T = unknown> {
  readonly kind = "tool" as const;
  readonly schema: SchemaSpec<T>;
  readonly options: ToolStrategyOptions;

  constructor(schema: unknown, options: ToolStrategyOptions = {}) {
    this.schema = new SchemaSpec<T>(schema);
    this.options = options;
  }

  /** The tool's name: the schema `title`, else `extract-<n>`. */
  get name(): string {
    return this.schema.name;
  }

  /** The tool definition bound to the model (OpenAI function format). */
  get tool(): {
    type: "function";
    function: { name: string; description: string; parameters: JsonSchema };
  } {
    return {
      type: "function",
      function: {
        name: this.schema.name,
        description: this.schema.description,
        parameters: this.schema.json,
      },
    };
  }

  /** Validates the tool call's arguments. @throws StructuredOutputParsingError */
  parse(args: unknown): Promise<T> {
    return this.schema.parse(args);
  }
}

/**
 * Structured output enforced by the provider (OpenAI `response_format: json_schema`):
 * the reply's text is the JSON answer. Most reliable where supported.
 */
export class ProviderStrategy<T = unknown> {
  readonly kind = "provider" as const;
  readonly schema: SchemaSpec<T>;
  /**
   * Ask the provider for strict schema adherence. @default true when the schema allows it
   * (OpenAI strict mode needs every property required and objects closed), else false
   */
  readonly strict: boolean;

  constructor(schema: unknown, strict?: boolean) {
    this.schema = new SchemaSpec<T>(schema, undefined);
    this.strict = strict ?? strictCompatible(this.schema.json);
  }

  /** The `response_format` sent to the provider. */
  get responseFormat(): {
    type: "json_schema";
    json_schema: { name: string; description?: string; schema: JsonSchema; strict: boolean };
  } {
    const name = typeof this.schema.json.title === "string" ? this.schema.json.title : "extract";
    return {
      type: "json_schema",
      json_schema: {
        name: name.replace(/[^a-zA-Z0-9_-]/g, "_"),
        ...(typeof this.schema.json.description === "string"
          ? { description: this.schema.json.description }
          : {}),
        schema: this.schema.json,
        strict: this.strict,
      },
    };
  }

  /**
   * Reads the answer from the reply's text (the first text block of block content).
   * @throws StructuredOutputParsingError when the text is not JSON or does not match.
   */
  async parse(message: { content: unknown }): Promise<T> {
    const text = textOf(message.content);
    let value: unknown;
    try {
      value = JSON.parse(stripFences(text));
    } catch {
      throw new StructuredOutputParsingError(this.schema.name, [
        "Model output did not satisfy the provided response schema (not valid JSON).",
      ]);
    }
    return this.schema.parse(value);
  }
}

/** A `responseFormat` value: a schema, several schemas, or a strategy. */
export type ResponseFormatInput =
  | ToolStrategy
  | ProviderStrategy
  | ToolStrategy[]
  | JsonSchema
  | JsonSchema[]
  | zc.$ZodType
  | zc.$ZodType[];

/**
 * Use the tool-calling strategy for `schema` (or each of several schemas: the model
 * picks one).
 *
 * @example
 * createAgent({ model, tools: [], responseFormat: toolStrategy(ProductReview, { handleError: false }) });
 */
export function toolStrategy<S>(
  schema: S,
  options?: ToolStrategyOptions,
): ToolStrategy<SchemaOutput<S>>[] {
  const schemas: unknown[] = Array.isArray(schema) ? schema : [schema];
  return schemas.map((s) => new ToolStrategy<SchemaOutput<S>>(s, options));
}

/**
 * The value a schema describes: a zod schema's output, a Standard Schema's output, the
 * union over a list of schemas, and a loose record for a JSON Schema.
 */
export type SchemaOutput<S> = S extends readonly (infer Item)[]
  ? SchemaOutput<Item>
  : S extends zc.$ZodType
    ? zc.output<S>
    : S extends StandardSchemaV1
      ? InferSchemaOutput<S>
      : Record<string, unknown>;

/**
 * Use the provider's native structured output for `schema` (`{ schema, strict }` sets
 * strictness, default `true`).
 *
 * @example
 * createAgent({ model: "openai:gpt-4.1", tools: [], responseFormat: providerStrategy(ContactInfo) });
 */
export function providerStrategy<S>(
  schema: S,
): ProviderStrategy<
  S extends { schema: infer Inner; strict?: boolean } ? SchemaOutput<Inner> : SchemaOutput<S>
> {
  type T = S extends { schema: infer Inner; strict?: boolean }
    ? SchemaOutput<Inner>
    : SchemaOutput<S>;
  if (
    typeof schema === "object" &&
    schema !== null &&
    "schema" in schema &&
    !isStandardSchema(schema) &&
    !("type" in schema) &&
    !isZod(schema)
  ) {
    const { schema: inner, strict } = schema as { schema: unknown; strict?: boolean };
    return new ProviderStrategy<T>(inner, strict);
  }
  return new ProviderStrategy<T>(schema);
}

/** The strategies in effect for one model call. */
export type ResolvedResponseFormat =
  | { kind: "tool"; tools: Map<string, ToolStrategy> }
  | { kind: "provider"; strategy: ProviderStrategy };

// One conversion per format object, so that tool names and schemas stay the same for
// every call of an agent whatever model a middleware picks.
const toolVariants = new WeakMap<object, ResolvedResponseFormat>();
const providerVariants = new WeakMap<object, ResolvedResponseFormat>();

/**
 * Picks the strategy for `format` with `model`: explicit strategies as given; a bare
 * schema uses the provider strategy when the model supports native structured output
 * (a Weft model whose default method is `jsonSchema`, or a `@langchain/core` model whose
 * `profile.structuredOutput` is true) and the tool strategy otherwise.
 *
 * @throws TypeError for a value that is not a schema or a strategy.
 */
export function resolveResponseFormat(
  format: unknown,
  model: unknown,
): ResolvedResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  if (typeof format !== "object" && typeof format !== "function") {
    throw new TypeError(`Invalid responseFormat: ${String(format)}`);
  }
  if (format instanceof ProviderStrategy) return { kind: "provider", strategy: format };
  if (isExplicitToolFormat(format) || !supportsNativeStructuredOutput(model)) {
    return variant(toolVariants, format, () => toolVariantOf(format));
  }
  return variant(providerVariants, format, () => ({
    kind: "provider",
    strategy: new ProviderStrategy(format),
  }));
}

/**
 * The names of the structured-output tools `format` may bind (none for the provider
 * strategy): known before any model call, so routing recognizes their answers even in a
 * process that resumes a thread another one started.
 */
export function structuredToolNamesOf(format: unknown): string[] {
  if (format === undefined || format === null || format instanceof ProviderStrategy) return [];
  const resolved = variant(toolVariants, format as object, () => toolVariantOf(format));
  return resolved.kind === "tool" ? [...resolved.tools.keys()] : [];
}

function variant(
  cache: WeakMap<object, ResolvedResponseFormat>,
  format: object,
  make: () => ResolvedResponseFormat,
): ResolvedResponseFormat {
  let resolved = cache.get(format);
  if (resolved === undefined) {
    resolved = make();
    cache.set(format, resolved);
  }
  return resolved;
}

function isExplicitToolFormat(format: object): boolean {
  return format instanceof ToolStrategy || Array.isArray(format);
}

function toolVariantOf(format: unknown): ResolvedResponseFormat {
  if (format instanceof ToolStrategy) return toolsOf([format]);
  if (Array.isArray(format)) {
    if (format.length === 0) throw new TypeError("Invalid responseFormat: empty list.");
    if (format.every((f) => f instanceof ToolStrategy)) return toolsOf(format as ToolStrategy[]);
    if (format.some((f) => f instanceof ToolStrategy || f instanceof ProviderStrategy)) {
      throw new TypeError("Invalid responseFormat: a list mixes strategies and schemas.");
    }
    return toolsOf(format.map((schema) => new ToolStrategy(schema)));
  }
  return toolsOf([new ToolStrategy(format)]);
}

function toolsOf(strategies: readonly ToolStrategy[]): ResolvedResponseFormat {
  return { kind: "tool", tools: new Map(strategies.map((s) => [s.name, s])) };
}

/** True when the model can be asked for a JSON-Schema-constrained reply. */
export function supportsNativeStructuredOutput(model: unknown): boolean {
  if (model instanceof BaseChatModel) {
    return (
      (model as unknown as { defaultStructuredOutputMethod?: string })
        .defaultStructuredOutputMethod === "jsonSchema"
    );
  }
  const profile = (model as { profile?: { structuredOutput?: unknown } } | null)?.profile;
  return profile?.structuredOutput === true;
}

function jsonSchemaOf(schema: unknown): JsonSchema {
  let json: JsonSchema;
  if (isZod(schema)) {
    json = toJSONSchema(schema as zc.$ZodType, {
      io: "output",
      unrepresentable: "any",
    }) as JsonSchema;
  } else if (isStandardSchema(schema)) {
    const converter = (schema["~standard"] as { jsonSchema?: { output?: (o: object) => unknown } })
      .jsonSchema;
    json = (converter?.output?.({ target: "draft-07" }) ?? { type: "object" }) as JsonSchema;
  } else if (typeof schema === "object" && schema !== null && !Array.isArray(schema)) {
    json = schema as JsonSchema;
  } else {
    throw new TypeError(`Invalid responseFormat: ${String(schema)} is not a schema.`);
  }
  const { $schema: _dropped, ...rest } = json;
  return rest;
}

/** True when a JSON Schema meets OpenAI strict mode: closed objects, every property required. */
function strictCompatible(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return true;
  const s = schema as Record<string, unknown>;
  if (s.type === "object" || s.properties !== undefined) {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set((s.required as string[] | undefined) ?? []);
    if (s.additionalProperties !== false) return false;
    if (Object.keys(properties).some((key) => !required.has(key))) return false;
    if (!Object.values(properties).every(strictCompatible)) return false;
  }
  if (s.items !== undefined && !strictCompatible(s.items)) return false;
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const list = s[key];
    if (Array.isArray(list) && !list.every(strictCompatible)) return false;
  }
  return true;
}

/** Provider function names allow letters, digits, `_` and `-` only. */
function toolName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64);
}

/** A short, stable digest (FNV-1a) naming an untitled schema the same in every process. */
function hash(value: unknown): string {
  let h = 0x811c9dc5;
  for (const char of JSON.stringify(value)) {
    h ^= char.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function isZod(value: unknown): boolean {
  return typeof value === "object" && value !== null && "_zod" in value;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    for (const block of content) {
      const b = block as { type?: string; text?: unknown; thought?: unknown };
      if (b?.type === "text" && typeof b.text === "string" && b.thought !== true) return b.text;
    }
  }
  return "";
}

function stripFences(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(trimmed);
  return fenced ? fenced[1]! : trimmed;
}
