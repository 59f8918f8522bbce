import {
  Command,
  type ContentBlock,
  SystemMessage,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "@weft/graph";
import * as z from "zod";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentBuiltInState, AgentMiddleware } from "../types.ts";
import { lastAIMessage } from "./tool-call-state.ts";

/** The system prompt {@link todoListMiddleware} adds by default. */
export const TODO_LIST_MIDDLEWARE_SYSTEM_PROMPT = `## \`write_todos\`

You have a \`write_todos\` tool to plan and track multi-step work. For an objective that needs several distinct steps, write the steps as a todo list first, then keep it current: mark a step \`in_progress\` when you start it and \`completed\` as soon as it is done (never batch completions), and add, change or drop steps as you learn more. Call \`write_todos\` at most once per reply. Skip the list for simple requests that take only a step or two.`;

const DEFAULT_TOOL_DESCRIPTION = `Create or update the todo list of the current task: pass the whole list each time (it replaces the previous one). Each item has \`content\` (what to do) and \`status\` (\`pending\`, \`in_progress\` or \`completed\`). Use it for tasks of three or more steps, or when the user asks for a plan; keep exactly one item \`in_progress\` while working.`;

const todoSchema = z.object({
  content: z.string().describe("What to do"),
  status: z.enum(["pending", "in_progress", "completed"]).describe("Where the item stands"),
});

/** One item of the todo list. */
export type Todo = z.infer<typeof todoSchema>;

const todoState = z.object({
  /** The agent's current todo list. */
  todos: z.array(todoSchema).default([]),
});

/** Options of {@link todoListMiddleware}. */
export interface TodoListMiddlewareConfig {
  /** Text added to the system prompt. @default TODO_LIST_MIDDLEWARE_SYSTEM_PROMPT */
  systemPrompt?: string;
  /** Description of the `write_todos` tool. */
  toolDescription?: string;
}

const PARALLEL_ERROR =
  "Error: `write_todos` was called several times in one reply. Call it once, with the whole list.";

/**
 * Gives the agent a todo list for multi-step work: a `write_todos` tool that replaces the
 * `todos` state field (and answers with the new list), and instructions in the system
 * prompt on when and how to use it. Several `write_todos` calls in one reply are refused
 * with error `ToolMessage`s, since each call replaces the whole list.
 *
 * @example
 * const agent = createAgent({ model, tools, middleware: [todoListMiddleware()] });
 * const result = await agent.invoke({ messages: "Plan and run the migration" });
 * result.todos; // [{ content: "Back up the database", status: "completed" }, ...]
 */
export function todoListMiddleware(
  options: TodoListMiddlewareConfig = {},
): AgentMiddleware<typeof todoState, undefined> {
  const prompt = options.systemPrompt ?? TODO_LIST_MIDDLEWARE_SYSTEM_PROMPT;
  const writeTodos = tool(
    ({ todos }: { todos: Todo[] }, runtime: ToolRuntime) =>
      new Command({
        update: {
          todos,
          messages: [
            new ToolMessage({
              content: `Updated todo list to ${JSON.stringify(todos)}`,
              tool_call_id: runtime.toolCall?.id ?? runtime.toolCallId ?? "",
              name: "write_todos",
            }),
          ],
        },
      }),
    {
      name: "write_todos",
      description: options.toolDescription ?? DEFAULT_TOOL_DESCRIPTION,
      schema: z.object({ todos: z.array(todoSchema).describe("The whole, updated todo list") }),
    },
  );

  return createMiddleware({
    name: "TodoListMiddleware",
    stateSchema: todoState,
    tools: [writeTodos],
    wrapModelCall: (request, handler) => {
      const { content } = request.systemMessage;
      const blocks: ContentBlock[] =
        typeof content === "string"
          ? content
            ? [{ type: "text", text: content }]
            : []
          : [...content];
      const text = blocks.length > 0 ? `\n\n${prompt}` : prompt;
      const systemMessage = new SystemMessage({ content: [...blocks, { type: "text", text }] });
      return handler({ ...request, systemMessage });
    },
    afterModel: (state: AgentBuiltInState) => {
      const last = lastAIMessage(state.messages);
      const calls = (last?.message.tool_calls ?? []).filter((c) => c.name === "write_todos");
      if (calls.length < 2) return undefined;
      return {
        messages: calls.map(
          (call) =>
            new ToolMessage({
              content: PARALLEL_ERROR,
              tool_call_id: call.id ?? "",
              name: "write_todos",
              status: "error",
            }),
        ),
      };
    },
  });
}
