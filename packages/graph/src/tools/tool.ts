import { isCommand } from "../command.ts";
import { hasMessageType } from "../messages/base-message.ts";
import type { ToolCall } from "../messages/index.ts";
import { type MessageContent, ToolMessage } from "../messages/index.ts";
import { callConfig } from "../models/call-config.ts";
import { abortable } from "../runtime/abort.ts";
import type { InferSchemaOutput, StandardSchemaV1 } from "../state/standard-schema.ts";
import { ToolInputError } from "./tool-input-error.ts";
import { checkArgs, toJsonSchema } from "./tool-schema.ts";
import {
  isToolCall,
  type ToolInvokeConfig,
  type ToolLike,
  type ToolRuntime,
} from "./tool-types.ts";

/** Options of {@link tool}. */
export interface ToolFields<Schema = unknown> {
  /** The name the model calls the tool by. */
  name: string;
  /** What the tool does; the model reads it to decide when to call the tool. @default "" */
  description?: string;
  /**
   * The arguments: a zod object (validated, converted to JSON Schema for the model) or a
   * JSON Schema object (sent as is). Without one the tool takes a single string `input`.
   */
  schema?: Schema;
  /** Stop a `createReactAgent` loop after this tool ran. @default false */
  returnDirect?: boolean;
  /**
   * `"content_and_artifact"`: the function returns `[content, artifact]`; the artifact
   * goes to `ToolMessage.artifact`, not to the model. @default "content"
   */
  responseFormat?: "content" | "content_and_artifact";
  metadata?: Record<string, unknown>;
}

type ArgsOf<Schema> = Schema extends StandardSchemaV1
  ? InferSchemaOutput<Schema>
  : Schema extends undefined
    ? string
    : Record<string, any>;

/** The body of a tool. It may return text, content blocks, any JSON value, a `ToolMessage` or a `Command`. */
export type ToolFunction<Args, Output = unknown> = (args: Args, runtime: ToolRuntime) => Output;

/**
 * A tool made by {@link tool}. `invoke(args)` returns what the function returned;
 * `invoke(toolCall)` returns a `ToolMessage` answering the call (or the function's
 * `Command` / `ToolMessage` as it is).
 */
export class StructuredTool<Args = any, Output = unknown> implements ToolLike {
  readonly name: string;
  readonly description: string;
  readonly schema: unknown;
  readonly returnDirect: boolean;
  readonly responseFormat: "content" | "content_and_artifact";
  readonly metadata?: Record<string, unknown>;
  readonly #fn: ToolFunction<Args, Output | Promise<Output>>;

  constructor(fn: ToolFunction<Args, Output | Promise<Output>>, fields: ToolFields) {
    this.#fn = fn;
    this.name = fields.name;
    this.description = fields.description ?? "";
    this.schema = fields.schema;
    this.returnDirect = fields.returnDirect ?? false;
    this.responseFormat = fields.responseFormat ?? "content";
    this.metadata = fields.metadata;
  }

  /** The JSON Schema of the arguments, as sent to models. */
  get jsonSchema(): Record<string, unknown> {
    return toJsonSchema(this.schema) as Record<string, unknown>;
  }

  /**
   * Validates the arguments and runs the tool. Honours `config.signal`: the call
   * rejects as soon as it aborts.
   *
   * @throws ToolInputError `INVALID_INPUT` when the arguments do not match the schema.
   */
  invoke(toolCall: ToolCall & { type: "tool_call" }, config?: ToolInvokeConfig): Promise<unknown>;
  invoke(args: Args, config?: ToolInvokeConfig): Promise<Output>;
  /** Arguments not known to match (model output, user input): validated at run time. */
  invoke(input: unknown, config?: ToolInvokeConfig): Promise<unknown>;
  async invoke(input: unknown, config?: ToolInvokeConfig): Promise<unknown> {
    const call = isToolCall(input) ? input : undefined;
    const runtime = { ...callConfig(config) } as ToolRuntime;
    if (call) runtime.toolCall ??= call;
    runtime.toolCallId ??= call?.id ?? "";
    const args = await this.parse(call ? call.args : input);
    runtime.signal?.throwIfAborted();
    const output = await abortable(
      Promise.resolve().then(() => this.#fn(args as Args, runtime)),
      runtime.signal,
    );
    return call ? this.answer(output, call.id ?? runtime.toolCallId ?? "") : output;
  }

  private async parse(raw: unknown): Promise<unknown> {
    if (this.schema === undefined) {
      // A string tool: the model sends {input}, code may pass the string itself.
      if (typeof raw === "object" && raw !== null && "input" in raw) {
        return (raw as { input: unknown }).input;
      }
      return raw;
    }
    const checked = await checkArgs(this.schema, raw);
    if (!checked.ok) throw new ToolInputError(this.name, checked.issues, raw);
    return checked.value;
  }

  private answer(output: unknown, toolCallId: string): unknown {
    if (isCommand(output) || hasMessageType(output, "tool")) return output;
    let content: unknown = output;
    let artifact: unknown;
    if (this.responseFormat === "content_and_artifact") {
      if (!Array.isArray(output) || output.length !== 2) {
        throw new ToolInputError(
          this.name,
          ['responseFormat "content_and_artifact" needs the tool to return [content, artifact]'],
          output,
        );
      }
      [content, artifact] = output;
    }
    return new ToolMessage({
      content: toContent(content),
      tool_call_id: toolCallId,
      name: this.name,
      artifact,
      status: "success",
    });
  }
}

/** Text and content-block lists go to the model as they are; anything else as JSON. */
export function toContent(value: unknown): MessageContent {
  if (typeof value === "string") return value;
  if (
    Array.isArray(value) &&
    value.every((block) => typeof block === "object" && block !== null && "type" in block)
  ) {
    return value as MessageContent;
  }
  if (value === undefined) return "";
  return JSON.stringify(value);
}

/**
 * Makes a tool from a function. The schema (zod or JSON Schema) describes the arguments
 * to the model and validates them before `fn` runs; `fn` also receives the run's config
 * (`context`, `store`, `writer`, `signal`, and the `toolCall`).
 *
 * @example
 * const searchDatabase = tool(
 *   ({ query, limit }) => `Found ${limit} results for '${query}'`,
 *   {
 *     name: "search_database",
 *     description: "Search the customer database.",
 *     schema: z.object({ query: z.string(), limit: z.number() }),
 *   },
 * );
 */
export function tool<Schema = undefined, Output = unknown>(
  fn: ToolFunction<ArgsOf<Schema>, Output>,
  fields: ToolFields<Schema>,
): StructuredTool<ArgsOf<Schema>, Awaited<Output>> {
  return new StructuredTool<ArgsOf<Schema>, Awaited<Output>>(
    fn as ToolFunction<ArgsOf<Schema>, Awaited<Output> | Promise<Awaited<Output>>>,
    fields,
  );
}
