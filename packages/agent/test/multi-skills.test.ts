// Seed 003, "# Skills": prompt-driven specialisations loaded on demand with a tool
// (progressive disclosure), extended with dynamic tool registration and hierarchical
// skills, both through tools that update state.
import { MemorySaver, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  Command,
  createAgent,
  createMiddleware,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "../src/index.ts";

const SKILLS: Record<string, string> = {
  write_sql: "SKILL write_sql: you write SQL. Schema: orders(id, total).",
  review_legal_doc: "SKILL review_legal_doc: flag indemnification clauses.",
};
const loaded: string[] = [];
const loadSkill = tool(
  async ({ skillName }: { skillName: string }) => {
    loaded.push(skillName);
    return (
      SKILLS[skillName] ??
      `Unknown skill "${skillName}". Available: ${Object.keys(SKILLS).join(", ")}.`
    );
  },
  {
    name: "load_skill",
    description:
      "Load a specialized skill.\n\nAvailable skills:\n- write_sql: SQL query writing expert\n- review_legal_doc: Legal document reviewer\n\nReturns the skill's prompt and context.",
    schema: z.object({ skillName: z.string().describe("Name of skill to load") }),
  },
);
const systemPrompt =
  "You are a helpful assistant. You have access to two skills: write_sql and review_legal_doc. Use load_skill to access them.";

const allText = (model: ScriptedChatModel) =>
  model.calls.flatMap((c) => c.messages.map((m) => m.text)).join("\n");

describe("skills: basic implementation", () => {
  it("loads a skill's prompt only when the model asks for it, and only that skill", async () => {
    loaded.length = 0;
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "load_skill", args: { skillName: "write_sql" }, id: "k1" }] },
        "SELECT 1;",
      ],
    });
    const agent = createAgent({ model, tools: [loadSkill], systemPrompt });
    const result = await agent.invoke({ messages: "Count the orders." });

    expect(loaded).toEqual(["write_sql"]);
    // First call: the names of the skills only (prompt + tool description), no content.
    const first = model.calls[0]!;
    expect(first.messages.map((m) => m.text).join("\n")).not.toContain("SKILL write_sql");
    expect(first.tools[0]!.description).toContain("- write_sql: SQL query writing expert");
    // Second call: the skill content arrived as the answer to the load_skill call.
    const skillMessage = model.calls[1]!.messages.at(-1) as ToolMessage;
    expect([skillMessage.type, skillMessage.tool_call_id, skillMessage.text]).toEqual([
      "tool",
      "k1",
      SKILLS.write_sql,
    ]);
    expect(allText(model)).not.toContain("SKILL review_legal_doc");
    expect(result.messages.at(-1)!.text).toBe("SELECT 1;");
  });

  it("never loads a skill when the model does not need one", async () => {
    loaded.length = 0;
    const model = new ScriptedChatModel({ replies: ["Hello!"] });
    await createAgent({ model, tools: [loadSkill], systemPrompt }).invoke({ messages: "hi" });
    expect(loaded).toEqual([]);
    expect(allText(model)).not.toContain("SKILL");
  });

  it("answers an unknown skill name with the available ones", async () => {
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "load_skill", args: { skillName: "write_rust" } }] }, "ok"],
    });
    const result = await createAgent({ model, tools: [loadSkill], systemPrompt }).invoke({
      messages: "rust?",
    });
    expect(result.messages[2]!.text).toBe(
      'Unknown skill "write_rust". Available: write_sql, review_legal_doc.',
    );
  });
});

describe("skills: extending the pattern", () => {
  const SkillState = z.object({ loadedSkills: z.array(z.string()).default([]) });
  type SkillStateValue = z.infer<typeof SkillState>;
  const TREE: Record<string, { content: string; parent?: string; tools?: string[] }> = {
    database_admin: { content: "SKILL database_admin", tools: ["backup", "restore"] },
    data_science: { content: "SKILL data_science. Sub-skills: pandas_expert, visualization." },
    pandas_expert: { content: "SKILL pandas_expert", parent: "data_science" },
  };

  const loadSkillWithState = tool(
    async ({ skillName }: { skillName: string }, runtime: ToolRuntime<SkillStateValue>) => {
      const skill = TREE[skillName];
      const have = runtime.state?.loadedSkills ?? [];
      if (skill === undefined) return `Unknown skill "${skillName}".`;
      if (skill.parent !== undefined && !have.includes(skill.parent)) {
        return `Load ${skill.parent} first: ${skillName} is one of its sub-skills.`;
      }
      return new Command({
        update: {
          loadedSkills: [...have, skillName],
          messages: [
            new ToolMessage({ content: skill.content, tool_call_id: runtime.toolCallId ?? "" }),
          ],
        },
      });
    },
    {
      name: "load_skill",
      description: "Load a skill.",
      schema: z.object({ skillName: z.string() }),
    },
  );
  const backup = tool(async () => "backup done", {
    name: "backup",
    description: "Back up.",
    schema: z.object({}),
  });
  const restore = tool(async () => "restored", {
    name: "restore",
    description: "Restore.",
    schema: z.object({}),
  });

  const gateSkillTools = createMiddleware({
    name: "GateSkillTools",
    stateSchema: SkillState,
    wrapModelCall: (request, handler) => {
      const unlocked = new Set(request.state.loadedSkills.flatMap((s) => TREE[s]?.tools ?? []));
      const gated = new Set(Object.values(TREE).flatMap((s) => s.tools ?? []));
      return handler({
        ...request,
        tools: request.tools.filter((t) => !gated.has(t.name) || unlocked.has(t.name)),
      });
    },
  });

  function agentWith(model: ScriptedChatModel) {
    return createAgent({
      model,
      tools: [loadSkillWithState, backup, restore],
      middleware: [gateSkillTools],
      checkpointer: new MemorySaver(),
    });
  }

  it("dynamic tool registration: a skill's tools are offered only after it is loaded, on later turns too", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "load_skill", args: { skillName: "database_admin" } }] },
        { toolCalls: [{ name: "backup" }] },
        "Backed up.",
        "Restore is available if you need it.",
      ],
    });
    const agent = agentWith(model);
    const config = { configurable: { thread_id: "dba" } };
    const result = await agent.invoke({ messages: "Back up the database." }, config);
    expect(result.loadedSkills).toEqual(["database_admin"]);
    const offered = model.calls.map((c) => c.tools.map((t) => t.name));
    expect(offered[0]).toEqual(["load_skill"]);
    expect(offered[1]).toEqual(["load_skill", "backup", "restore"]);
    expect(result.messages.filter((m) => m.type === "tool").map((m) => m.text)).toEqual([
      "SKILL database_admin",
      "backup done",
    ]);

    await agent.invoke({ messages: "Anything else?" }, config);
    expect(model.calls[3]!.tools.map((t) => t.name)).toEqual(["load_skill", "backup", "restore"]);
  });

  it("hierarchical skills: a sub-skill loads only after its parent skill", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "load_skill", args: { skillName: "pandas_expert" } }] },
        { toolCalls: [{ name: "load_skill", args: { skillName: "data_science" } }] },
        { toolCalls: [{ name: "load_skill", args: { skillName: "pandas_expert" } }] },
        "Use df.groupby.",
      ],
    });
    const result = await agentWith(model).invoke(
      { messages: "Group my dataframe." },
      { configurable: { thread_id: "ds" } },
    );
    expect(result.messages.filter((m) => m.type === "tool").map((m) => m.text)).toEqual([
      "Load data_science first: pandas_expert is one of its sub-skills.",
      "SKILL data_science. Sub-skills: pandas_expert, visualization.",
      "SKILL pandas_expert",
    ]);
    expect(result.loadedSkills).toEqual(["data_science", "pandas_expert"]);
  });
});
