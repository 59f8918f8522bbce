import { GraphInputError } from "../errors.ts";
import { toJsonSchema } from "./tool-schema.ts";
import type { ToolDefinition } from "./tool-types.ts";

/**
 * What `bindTools` accepts: a Weft or `@langchain/core` tool, an OpenAI-style
 * `{ type: "function", function: { name, description, parameters } }`, or a plain
 * `{ name, description, schema | parameters }`.
 */
export type BindableTool = { name?: string; [key: string]: any };

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The definition a model receives for `tool`; with `strict`, schemas are converted for
 * OpenAI strict mode (all fields required, no extra keys).
 * @throws GraphInputError `INVALID_INPUT` for something that is not a tool (no name).
 */
export function toToolDefinition(tool: BindableTool, strict?: boolean): ToolDefinition {
  if (isDict(tool) && tool.type === "function" && isDict(tool.function)) {
    const fn = tool.function;
    const fnStrict = strict ?? fn.strict;
    return {
      name: String(fn.name),
      description: typeof fn.description === "string" ? fn.description : "",
      parameters: (isDict(fn.parameters)
        ? fn.parameters
        : { type: "object", properties: {} }) as Dict,
      ...(typeof fnStrict === "boolean" ? { strict: fnStrict } : {}),
    };
  }
  if (!isDict(tool) || typeof tool.name !== "string" || tool.name === "") {
    throw new GraphInputError(
      "INVALID_INPUT",
      "bindTools: every tool needs a name (a tool, or { name, schema }).",
    );
  }
  const schema = "schema" in tool ? tool.schema : tool.parameters;
  const definition: ToolDefinition = {
    name: tool.name,
    description: typeof tool.description === "string" ? tool.description : "",
    parameters: toJsonSchema(schema, strict ? "output" : "input") as Dict,
  };
  if (strict !== undefined) definition.strict = strict;
  return definition;
}
