import { InvalidGraphError } from "../errors.ts";
import { SystemMessage } from "../messages/index.ts";
import type { LangGraphRunnableConfig } from "../types.ts";
import { type ChatModelLike, modelCallConfig } from "./agent-model.ts";

/** A schema for the agent's final structured answer, optionally with its own prompt and options. */
export type AgentResponseFormat =
  | unknown
  | {
      schema: unknown;
      /** A system message put before the conversation for the structured call. */
      prompt?: string;
      name?: string;
      method?: "functionCalling" | "jsonSchema" | "jsonMode";
      strict?: boolean;
    };

/**
 * The `generate_structured_response` node: after the loop, asks the model (without tools)
 * for the answer in the response format and stores it as `structuredResponse`.
 */
export function structuredResponseNode(
  format: AgentResponseFormat,
  modelFor: (state: unknown, config: LangGraphRunnableConfig) => Promise<ChatModelLike>,
) {
  const { schema, prompt, options } = readResponseFormat(format);
  return async (state: Record<string, any>, config: LangGraphRunnableConfig) => {
    const model = await modelFor(state, config);
    if (typeof model.withStructuredOutput !== "function") {
      throw new InvalidGraphError(
        "createReactAgent: responseFormat needs a model with withStructuredOutput().",
      );
    }
    const structured = model.withStructuredOutput(schema, options);
    const messages: unknown[] = [...state.messages];
    if (prompt !== undefined) messages.unshift(new SystemMessage(prompt));
    return {
      structuredResponse: await structured.invoke(messages, modelCallConfig(model, config)),
    };
  };
}

function readResponseFormat(format: AgentResponseFormat): {
  schema: unknown;
  prompt?: string;
  options: Record<string, unknown>;
} {
  if (Array.isArray(format) || typeof format !== "object" || format === null) {
    // Several alternative schemas (or a non-schema) are createAgent's business; here they
    // would silently become an empty, unvalidated schema.
    throw new InvalidGraphError(
      "createReactAgent: responseFormat must be one zod schema, one JSON Schema, or { schema, prompt }. For a choice between several schemas, wrap them in one union schema.",
    );
  }
  if (
    typeof format === "object" &&
    format !== null &&
    "schema" in format &&
    !isSchemaLike(format)
  ) {
    const { schema, prompt, ...options } = format as { schema: unknown; prompt?: string };
    return { schema, prompt, options };
  }
  return { schema: format, options: {} };
}

// `{ schema, ... }` is the options form unless the object is itself a schema (zod, or a
// JSON Schema that happens to have a "schema" property).
function isSchemaLike(value: object): boolean {
  return "~standard" in value || "type" in value || "properties" in value;
}
