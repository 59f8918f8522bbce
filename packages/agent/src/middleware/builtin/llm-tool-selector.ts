import { WeftError } from "@weft/checkpoint";
import { type BaseMessage, HumanMessage, SystemMessage } from "@weft/graph";
import * as z from "zod";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware, AgentTool } from "../types.ts";
import { invalidOptions } from "./errors.ts";
import { lazyModel, type ModelRef } from "./model-ref.ts";

/** Options of {@link llmToolSelectorMiddleware}. */
export interface LLMToolSelectorConfig {
  /** The model that picks the tools: an instance or a `"provider:model"` string. @default the agent's model */
  model?: ModelRef;
  /** Instructions of the selection call. */
  systemPrompt?: string;
  /** Most tools offered after selection (not counting `alwaysInclude`). @default no limit */
  maxTools?: number;
  /** Tools always offered, without asking the selector. @default [] */
  alwaysInclude?: readonly string[];
}

const NAME = "LLMToolSelectorMiddleware";
const DEFAULT_PROMPT =
  "Your goal is to select the most relevant tools for answering the user's query.";

type NamedTool = AgentTool & { name: string; description?: string };

function isNamed(tool: AgentTool): tool is NamedTool {
  return typeof (tool as { name?: unknown }).name === "string";
}

/**
 * Lets a model choose which tools to offer: before each model call, a (usually smaller)
 * model reads the user's last message and the tools' names and descriptions, and picks the
 * relevant ones; only those (plus `alwaysInclude`) are offered to the agent's model. Keeps
 * prompts short for agents with many tools. The selection call is not streamed.
 *
 * @throws WeftError `INVALID_CONFIG` for a bad `maxTools`, or (at call time) an
 *   `alwaysInclude` tool the agent does not have; `INVALID_INPUT` when the conversation has
 *   no user message to select for.
 * @example
 * createAgent({
 *   model: "openai:gpt-4o",
 *   tools: manyTools,
 *   middleware: [llmToolSelectorMiddleware({ model: "openai:gpt-4o-mini", maxTools: 3, alwaysInclude: ["search"] })],
 * });
 */
export function llmToolSelectorMiddleware(
  options: LLMToolSelectorConfig = {},
): AgentMiddleware<undefined, undefined> {
  const { maxTools } = options;
  if (maxTools !== undefined && (!Number.isInteger(maxTools) || maxTools < 1)) {
    throw invalidOptions(NAME, `maxTools must be a positive integer (got ${String(maxTools)})`);
  }
  const alwaysInclude = new Set(options.alwaysInclude ?? []);
  const selectorModel = options.model === undefined ? undefined : lazyModel(options.model);
  let prompt = options.systemPrompt ?? DEFAULT_PROMPT;
  if (maxTools !== undefined) {
    prompt += `\nIMPORTANT: List the tool names in order of relevance, with the most relevant first. If you exceed the maximum number of tools, only the first ${maxTools} will be used.`;
  }

  return createMiddleware({
    name: NAME,
    wrapModelCall: async (request, handler) => {
      const named = request.tools.filter(isNamed);
      const missing = [...alwaysInclude].filter((name) => !named.some((t) => t.name === name));
      if (missing.length > 0) {
        throw invalidOptions(
          NAME,
          `alwaysInclude names tools the agent does not have: ${missing.join(", ")}`,
        );
      }
      const candidates = named.filter((tool) => !alwaysInclude.has(tool.name));
      if (candidates.length === 0) return handler(request);
      const question = [...request.messages].reverse().find((m) => HumanMessage.isInstance(m));
      if (!question) {
        throw new WeftError("INVALID_INPUT", `${NAME}: no user message to select tools for`);
      }

      const names = candidates.map((tool) => tool.name) as [string, ...string[]];
      const schema = z.object({
        tools: z
          .array(z.enum(names))
          .describe("Tools to use. Place the most relevant tools first."),
      });
      const model = selectorModel?.() ?? request.model;
      if (typeof model.withStructuredOutput !== "function") {
        throw invalidOptions(NAME, "the selector model has no withStructuredOutput()");
      }
      const catalog = candidates
        .map((tool) => `- ${tool.name}: ${tool.description ?? ""}`)
        .join("\n");
      const input: BaseMessage[] = [
        new SystemMessage(`${prompt}\n\nAvailable tools:\n${catalog}`),
        question,
      ];
      const choice = (await model
        .withStructuredOutput(schema, { name: "select_tools" })
        .invoke(input, {
          tags: ["nostream"],
          metadata: { lc_source: "llm_tool_selector" },
          ...(request.runtime.signal ? { signal: request.runtime.signal } : {}),
        })) as z.infer<typeof schema>;

      const picked = [...new Set(choice.tools)].slice(0, maxTools);
      const tools = request.tools.filter(
        (tool) => !isNamed(tool) || alwaysInclude.has(tool.name) || picked.includes(tool.name),
      );
      return handler({ ...request, tools });
    },
  });
}
