/**
 * Skills loaded on demand (progressive disclosure): the agent starts with a short list of
 * skills in its prompt and a `load_skill` tool; a skill's full prompt reaches the model
 * only after the model asked for it, as the tool's result.
 *
 * The second agent extends the pattern as the Skills page describes ("dynamic tool
 * registration"): loading a skill also records it in state with a `Command`, and a
 * middleware offers the skill's own tools to the model only once it is loaded.
 *
 * The programs are those of the Skills page with imports changed to `@weft/agent` /
 * `@weft/graph`; scripted models play the LLM.
 *
 * Run from the repo root: `node --conditions=@weft/source packages/agent/examples/multi-skills.ts`
 */
import {
  Command,
  createAgent,
  createMiddleware,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "@weft/agent";
import { ScriptedChatModel } from "@weft/graph";
import * as z from "zod";

// Skill content, as it would be loaded from files or a database.
const SKILLS: Record<string, string> = {
  write_sql: [
    "You are a SQL query writing expert.",
    "Schema: orders(id, customer_id, total, created_at), customers(id, name, country).",
    "Always qualify columns with their table and limit exploratory queries to 100 rows.",
  ].join("\n"),
  review_legal_doc: [
    "You are a legal document reviewer.",
    "Flag indemnification, limitation of liability and termination clauses.",
  ].join("\n"),
};

const loadSkill = tool(
  async ({ skillName }: { skillName: string }) => {
    // Load skill content from file/database
    return (
      SKILLS[skillName] ??
      `Unknown skill "${skillName}". Available: ${Object.keys(SKILLS).join(", ")}.`
    );
  },
  {
    name: "load_skill",
    description: `Load a specialized skill.

Available skills:
- write_sql: SQL query writing expert
- review_legal_doc: Legal document reviewer

Returns the skill's prompt and context.`,
    schema: z.object({
      skillName: z.string().describe("Name of skill to load"),
    }),
  },
);

const model = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "load_skill", args: { skillName: "write_sql" } }] },
    "SELECT customers.country, SUM(orders.total) FROM orders JOIN customers ON customers.id = orders.customer_id GROUP BY customers.country;",
  ],
});

const agent = createAgent({
  model,
  tools: [loadSkill],
  systemPrompt:
    "You are a helpful assistant. " +
    "You have access to two skills: " +
    "write_sql and review_legal_doc. " +
    "Use load_skill to access them.",
});

const result = await agent.invoke({
  messages: [{ role: "user", content: "Total revenue per country, please." }],
});
console.log("answer:", result.messages.at(-1)?.text);
console.log(
  "skill prompt in call 1:",
  model.calls[0]!.messages.some((m) => m.text.includes("SQL query writing expert")),
);
console.log(
  "skill prompt in call 2:",
  model.calls[1]!.messages.some((m) => m.text.includes("SQL query writing expert")),
);

// Extending the pattern: a loaded skill also unlocks its tools.
const SkillState = z.object({ loadedSkills: z.array(z.string()).default([]) });

const loadSkillWithTools = tool(
  async (
    { skillName }: { skillName: string },
    runtime: ToolRuntime<z.infer<typeof SkillState>>,
  ) => {
    const content = SKILLS[skillName];
    if (content === undefined) return `Unknown skill "${skillName}".`;
    return new Command({
      update: {
        loadedSkills: [...(runtime.state?.loadedSkills ?? []), skillName],
        messages: [new ToolMessage({ content, tool_call_id: runtime.toolCallId })],
      },
    });
  },
  {
    name: "load_skill",
    description: "Load a specialized skill (write_sql, review_legal_doc) and its tools.",
    schema: z.object({ skillName: z.string() }),
  },
);

const runQuery = tool(async ({ sql }: { sql: string }) => `3 rows (${sql.length} chars of SQL)`, {
  name: "run_query",
  description: "Run a read-only SQL query.",
  schema: z.object({ sql: z.string() }),
});

const SKILL_TOOLS: Record<string, string[]> = { write_sql: ["run_query"] };

const skillTools = createMiddleware({
  name: "SkillTools",
  stateSchema: SkillState,
  wrapModelCall: (request, handler) => {
    const unlocked = new Set(request.state.loadedSkills.flatMap((s) => SKILL_TOOLS[s] ?? []));
    const gated = new Set(Object.values(SKILL_TOOLS).flat());
    const tools = request.tools.filter((t) => !gated.has(t.name) || unlocked.has(t.name));
    return handler({ ...request, tools });
  },
});

const toolModel = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "load_skill", args: { skillName: "write_sql" } }] },
    { toolCalls: [{ name: "run_query", args: { sql: "SELECT 1" } }] },
    "The query returned 3 rows.",
  ],
});
const skilledAgent = createAgent({
  model: toolModel,
  tools: [loadSkillWithTools, runQuery],
  middleware: [skillTools],
});
const skilled = await skilledAgent.invoke({
  messages: [{ role: "user", content: "Run a quick check." }],
});
console.log("loaded skills:", skilled.loadedSkills.join(", "));
console.log(
  "tools per call:",
  toolModel.calls.map((c) => c.tools.map((t) => t.name).join("+")).join(" | "),
);
