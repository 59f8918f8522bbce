// The multi-agent examples are documentation: each must keep running as written and
// print what the pattern promises. The patterns' behaviour is asserted in depth in the
// other multi-*.test.ts files.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));

async function runExample(name: string): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ["--conditions=@weft/source", `packages/agent/examples/${name}.ts`],
    { cwd: root },
  );
  return stdout;
}

describe("multi-agent examples", () => {
  it("custom workflow: rewrite (model) → retrieve (deterministic) → agent", async () => {
    const stdout = await runExample("multi-custom-workflow");
    expect(stdout).toContain("rewritten: 2024 WNBA Finals championship");
    expect(stdout).toContain(
      "top document: 2024 WNBA Finals: New York Liberty defeated Minnesota Lynx 3-2 to win the championship.",
    );
    expect(stdout).toContain("answer: The New York Liberty won the 2024 WNBA Championship");
  });

  it("router: fans out to the classified agents, merges, and serves as a tool", async () => {
    const stdout = await runExample("multi-router");
    expect(stdout).toContain("routed to: github, notion");
    expect(stdout).toContain(
      "answer: GitHub: auth moved to OAuth2 in PR #42. | Notion: access tokens expire after one hour.",
    );
    expect(stdout).toContain("conversational: Yes: the deploy freeze starts on Friday.");
    expect(stdout).toContain("thread messages: human, ai, tool, ai");
  });

  it("skills: the skill prompt reaches the model only after load_skill", async () => {
    const stdout = await runExample("multi-skills");
    expect(stdout).toContain("skill prompt in call 1: false");
    expect(stdout).toContain("skill prompt in call 2: true");
    expect(stdout).toContain("loaded skills: write_sql");
    expect(stdout).toContain(
      "tools per call: load_skill | load_skill+run_query | load_skill+run_query",
    );
  });

  it("handoffs (single agent + middleware): the step changes prompt and tools across turns", async () => {
    const stdout = await runExample("multi-handoffs-middleware");
    expect(stdout).toContain("agent (triage): Is your device still under warranty?");
    expect(stdout).toContain("agent (specialist): Thanks! Can you describe the issue?");
    expect(stdout).toContain(
      'call 2: prompt="Collect warranty information..." tools=record_warranty_status',
    );
    expect(stdout).toContain(
      'call 3: prompt="Provide solutions based on warranty: in_warranty" tools=provide_solution,escalate_to_human',
    );
  });

  it("handoffs (agent subgraphs): Command.PARENT moves control with the tool-call pair", async () => {
    const stdout = await runExample("multi-handoffs-subgraphs");
    expect(stdout).toContain("tool: Transferred to support agent from sales agent");
    expect(stdout).toContain("ai (support_agent): Reset your password from the login page");
    expect(stdout).toContain("active agent: support_agent");
    expect(stdout).toContain("support saw: system, human, ai, tool");
  });

  it("subagents: tool per agent, dispatch tool, inputs/outputs, async jobs", async () => {
    const stdout = await runExample("multi-subagents");
    expect(stdout).toContain("main agent: It's 72F and sunny in Tokyo.");
    expect(stdout).toContain("main messages: human, ai, tool, ai");
    expect(stdout).toContain("subagent saw: human:Tokyo weather");
    expect(stdout).toContain("task result: Findings: remote work raises reported productivity.");
    expect(stdout).toContain("task result: Draft: Working from anywhere, getting more done.");
    expect(stdout).toContain("notes: Summary of 2 messages.");
    expect(stdout).toContain("async: What's the status? -> Still reviewing contract...");
    expect(stdout).toContain(
      "async: Is it done yet? -> Review complete: Contract analysis: 2 risky indemnification clauses.",
    );
  });
});
