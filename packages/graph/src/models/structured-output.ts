import type { AIMessage } from "../messages/index.ts";
import { isStandardSchema } from "../state/standard-schema.ts";
import { checkArgs, toJsonSchema } from "../tools/tool-schema.ts";
import type { BaseChatModel } from "./chat-model.ts";
import { OutputParserError } from "./chat-model-error.ts";
import type { ChatModelInput } from "./chat-model-input.ts";
import type { ChatModelCallConfig } from "./chat-model-types.ts";

/**
 * How the model is made to answer in the schema:
 * - `"functionCalling"`: the schema is a tool the model is forced to call;
 * - `"jsonSchema"`: OpenAI structured outputs (`response_format: json_schema`);
 * - `"jsonMode"`: `response_format: json_object`; the prompt must describe the shape.
 */
export type StructuredOutputMethod = "functionCalling" | "jsonSchema" | "jsonMode";

/** Options of `withStructuredOutput`. */
export interface StructuredOutputOptions {
  /** Name of the schema (tool name / json_schema name). @default the schema's `title`, else "extract" */
  name?: string;
  /** @default the model's default ("jsonSchema" for ChatOpenAI, else "functionCalling") */
  method?: StructuredOutputMethod;
  /** Return `{ raw, parsed }` (and `parsingError`) instead of throwing on bad output. @default false */
  includeRaw?: boolean;
  /** OpenAI strict mode. @default undefined (provider default) */
  strict?: boolean;
}

/** What `withStructuredOutput` returns: call `invoke` like a model. */
export interface StructuredOutputRunnable<Output> {
  invoke(input: ChatModelInput, config?: ChatModelCallConfig): Promise<Output>;
  /** A copy whose calls use `config` too. */
  withConfig(config: ChatModelCallConfig): StructuredOutputRunnable<Output>;
}

// A format-constrained call offers no tools (the model may have been bound to some).
const NO_TOOLS = { tools: [], boundTools: [], toolChoice: undefined, parallelToolCalls: undefined };

/** Builds the structured-output runnable of `model` (see `BaseChatModel.withStructuredOutput`). */
export function structuredOutput(
  model: BaseChatModel,
  schema: unknown,
  options: StructuredOutputOptions & { method: StructuredOutputMethod },
): StructuredOutputRunnable<unknown> {
  // The model writes this value: describe its output side, closed and fully required
  // under strict mode.
  const parameters = toJsonSchema(schema, options.strict ? "output" : "input") as Record<
    string,
    unknown
  >;
  const name =
    options.name ?? (typeof parameters.title === "string" ? parameters.title : "extract");
  const description = typeof parameters.description === "string" ? parameters.description : "";
  let bound: BaseChatModel;
  switch (options.method) {
    case "functionCalling":
      bound = model.bindTools([{ name, description, schema: parameters }], {
        toolChoice: name,
        strict: options.strict,
      });
      break;
    case "jsonSchema":
      bound = model.withSettings({
        ...NO_TOOLS,
        responseFormat: {
          type: "json_schema",
          json_schema: {
            name,
            ...(description ? { description } : {}),
            schema: parameters,
            ...(options.strict === undefined ? {} : { strict: options.strict }),
          },
        },
      });
      break;
    case "jsonMode":
      bound = model.withSettings({ ...NO_TOOLS, responseFormat: { type: "json_object" } });
      break;
  }
  return runnable(bound, (message) => parse(message, schema, name, options.method), options);
}

function runnable(
  model: BaseChatModel,
  read: (message: AIMessage) => Promise<unknown>,
  options: StructuredOutputOptions,
): StructuredOutputRunnable<unknown> {
  return {
    async invoke(input, config) {
      const raw = await model.invoke(input, config);
      if (!options.includeRaw) return read(raw);
      try {
        return { raw, parsed: await read(raw) };
      } catch (error) {
        return { raw, parsed: null, parsingError: error };
      }
    },
    withConfig(config) {
      return runnable(model.withConfig(config), read, options);
    },
  };
}

async function parse(
  message: AIMessage,
  schema: unknown,
  name: string,
  method: StructuredOutputMethod,
): Promise<unknown> {
  let value: unknown;
  if (method === "functionCalling") {
    const call = message.tool_calls.find((c) => c.name === name) ?? message.tool_calls[0];
    if (!call) {
      throw new OutputParserError(`The model did not call the "${name}" output tool.`, {
        raw: message.text,
      });
    }
    value = call.args;
  } else {
    const text = stripFences(message.text);
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new OutputParserError(
        `The model's reply is not valid JSON: ${text.slice(0, 200)}`,
        { raw: text },
        error,
      );
    }
  }
  if (!isStandardSchema(schema)) return value;
  const checked = await checkArgs(schema, value);
  if (!checked.ok) {
    throw new OutputParserError(
      `The model's reply does not match the "${name}" schema: ${checked.issues.join("; ")}`,
      { raw: value, issues: checked.issues },
    );
  }
  return checked.value;
}

// Some models wrap JSON in a markdown code fence even in JSON mode.
function stripFences(text: string): string {
  const match = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return (match ? match[1]! : text).trim();
}
