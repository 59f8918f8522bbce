/**
 * Subagents: a main agent (the supervisor) calls other agents through tools. Each
 * subagent runs in a clean context (only the query it is given) and only its final
 * message comes back as the tool result, so the main conversation stays small.
 *
 * Shown here, following the Subagents page with imports changed to `@weft/agent` /
 * `@weft/graph` and scripted models for the LLMs:
 * 1. tool per agent (sync): `research` wraps a research subagent;
 * 2. single dispatch tool: `task({ agentName, description })` picks a registered subagent;
 * 3. subagent inputs and outputs: the tool reads the caller's state with
 *    `getCurrentTaskInput()` and returns a `Command` that also sets a state key;
 * 4. async: start a background job, check its status, fetch its result on a later turn.
 *
 * Run from the repo root: `node --conditions=@weft/source packages/agent/examples/multi-subagents.ts`
 */
import {
  type AgentState,
  Command,
  createAgent,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "@weft/agent";
import { getCurrentTaskInput, MemorySaver, ScriptedChatModel } from "@weft/graph";
import * as z from "zod";

// 1. Tool per agent -------------------------------------------------------------------
const lookupWeather = tool(async ({ city }: { city: string }) => `${city}: 72F, sunny`, {
  name: "lookup_weather",
  description: "Current weather of a city.",
  schema: z.object({ city: z.string() }),
});

const researchModel = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "lookup_weather", args: { city: "Tokyo" } }] },
    "Currently 72F, sunny",
  ],
});
const subagent = createAgent({ model: researchModel, tools: [lookupWeather], name: "research" });

const callResearchAgent = tool(
  async ({ query }: { query: string }) => {
    const result = await subagent.invoke({
      messages: [{ role: "user", content: query }],
    });
    return result.messages.at(-1)?.text;
  },
  {
    name: "research",
    description: "Research a topic and return findings",
    schema: z.object({ query: z.string() }),
  },
);

const mainModel = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "research", args: { query: "Tokyo weather" } }] },
    "It's 72F and sunny in Tokyo.",
  ],
});
const mainAgent = createAgent({ model: mainModel, tools: [callResearchAgent] });
const sync = await mainAgent.invoke({
  messages: [{ role: "user", content: "What's the weather in Tokyo?" }],
});
console.log("main agent:", sync.messages.at(-1)?.text);
console.log("main messages:", sync.messages.map((m) => m.type).join(", "));
console.log(
  "subagent saw:",
  researchModel.calls[0]!.messages.map((m) => `${m.type}:${m.text}`).join(", "),
);

// 2. Single dispatch tool ---------------------------------------------------------------
// Sub-agents developed by different teams
const researchAgent = createAgent({
  model: new ScriptedChatModel({
    replies: ["Findings: remote work raises reported productivity."],
  }),
  systemPrompt: "You are a research specialist...",
});
const writerAgent = createAgent({
  model: new ScriptedChatModel({ replies: ["Draft: Working from anywhere, getting more done."] }),
  systemPrompt: "You are a writing specialist...",
});

// Registry of available sub-agents
const SUBAGENTS = {
  research: researchAgent,
  writer: writerAgent,
};

const task = tool(
  async ({
    agentName,
    description,
  }: {
    agentName: keyof typeof SUBAGENTS;
    description: string;
  }) => {
    const agent = SUBAGENTS[agentName];
    const result = await agent.invoke({
      messages: [{ role: "user", content: description }],
    });
    return result.messages.at(-1)?.text;
  },
  {
    name: "task",
    description: `Launch an ephemeral subagent.

Available agents:
- research: Research and fact-finding
- writer: Content creation and editing`,
    schema: z.object({
      agentName: z.enum(["research", "writer"]).describe("Name of agent to invoke"),
      description: z.string().describe("Task description"),
    }),
  },
);

const coordinatorModel = new ScriptedChatModel({
  replies: [
    {
      toolCalls: [
        {
          name: "task",
          args: { agentName: "research", description: "Find evidence on remote work" },
        },
        {
          name: "task",
          args: { agentName: "writer", description: "Write a headline on remote work" },
        },
      ],
    },
    "Research and headline are ready.",
  ],
});
const coordinator = createAgent({
  model: coordinatorModel,
  tools: [task],
  systemPrompt:
    "You coordinate specialized sub-agents. " +
    "Available: research (fact-finding), " +
    "writer (content creation). " +
    "Use the task tool to delegate work.",
});
const dispatched = await coordinator.invoke({
  messages: [{ role: "user", content: "Write about remote work." }],
});
for (const m of dispatched.messages.filter((m) => m.type === "tool"))
  console.log("task result:", m.text);

// 3. Subagent inputs and outputs ----------------------------------------------------------
const NotesState = z.object({ notes: z.array(z.string()).default([]) });

const summarizerModel = new ScriptedChatModel({
  replies: [(call) => `Summary of ${call.messages.length} messages.`],
});
const subagent1 = createAgent({ model: summarizerModel, stateSchema: NotesState });

const callSubagent1 = tool(
  async ({ query }: { query: string }, config: ToolRuntime) => {
    // Subagent inputs: pass the conversation so far (without the pending tool call).
    const state = getCurrentTaskInput<AgentState>();
    const history = state.messages.filter((m) => m.type === "human");
    const result = await subagent1.invoke({
      messages: [...history, { role: "user", content: query }],
    });
    // Subagent outputs: a Command returns the final text and sets another state key.
    return new Command({
      update: {
        notes: [result.messages.at(-1)?.text ?? ""],
        messages: [
          new ToolMessage({
            content: result.messages.at(-1)?.text ?? "",
            tool_call_id: config.toolCall?.id ?? "",
          }),
        ],
      },
    });
  },
  {
    name: "summarize_conversation",
    description: "Summarize the conversation so far.",
    schema: z.object({ query: z.string().describe("The query to send to subagent1") }),
  },
);
const notesAgent = createAgent({
  model: new ScriptedChatModel({
    replies: [
      { toolCalls: [{ name: "summarize_conversation", args: { query: "Summarize." } }] },
      "Noted.",
    ],
  }),
  tools: [callSubagent1],
  stateSchema: NotesState,
});
const noted = await notesAgent.invoke({
  messages: [{ role: "user", content: "We agreed on Friday." }],
});
console.log("notes:", noted.notes.join(" / "));

// 4. Async: start, check, fetch -------------------------------------------------------
type Job = { status: "running" | "completed" | "failed"; result?: string };
const jobs = new Map<string, Job>();
const running: Promise<unknown>[] = [];

let releaseReview!: () => void;
const reviewDone = new Promise<void>((resolve) => {
  releaseReview = resolve;
});
const legalReviewer = createAgent({
  model: new ScriptedChatModel({
    replies: [
      async () => {
        await reviewDone; // the long review, finished when the demo says so
        return "Contract analysis: 2 risky indemnification clauses.";
      },
    ],
  }),
  name: "legal_reviewer",
});

const startJob = tool(
  async ({ task }: { task: string }) => {
    const jobId = `job_${jobs.size + 1}`;
    const job: Job = { status: "running" };
    jobs.set(jobId, job);
    running.push(
      legalReviewer.invoke({ messages: [{ role: "user", content: task }] }).then(
        (r) => Object.assign(job, { status: "completed", result: r.messages.at(-1)?.text }),
        () => Object.assign(job, { status: "failed" }),
      ),
    );
    return jobId;
  },
  {
    name: "run_agent",
    description: "Start a background review job.",
    schema: z.object({ task: z.string() }),
  },
);
const checkStatus = tool(
  async ({ jobId }: { jobId: string }) => jobs.get(jobId)?.status ?? "unknown",
  {
    name: "check_status",
    description: "Status of a background job.",
    schema: z.object({ jobId: z.string() }),
  },
);
const getResult = tool(
  async ({ jobId }: { jobId: string }) => jobs.get(jobId)?.result ?? "not ready",
  {
    name: "get_result",
    description: "Result of a completed background job.",
    schema: z.object({ jobId: z.string() }),
  },
);

const asyncModel = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "run_agent", args: { task: "Review this M&A contract" } }] },
    "Started review (job_1).",
    { toolCalls: [{ name: "check_status", args: { jobId: "job_1" } }] },
    "Still reviewing contract...",
    { toolCalls: [{ name: "check_status", args: { jobId: "job_1" } }] },
    { toolCalls: [{ name: "get_result", args: { jobId: "job_1" } }] },
    (call) => `Review complete: ${call.messages.at(-1)?.text}`,
  ],
});
const asyncAgent = createAgent({
  model: asyncModel,
  tools: [startJob, checkStatus, getResult],
  checkpointer: new MemorySaver(),
});
const thread = { configurable: { thread_id: "contract" } };
for (const text of ["Review this M&A contract", "What's the status?", "Is it done yet?"]) {
  if (text === "Is it done yet?") {
    releaseReview();
    await Promise.all(running);
  }
  const turn = await asyncAgent.invoke({ messages: [{ role: "user", content: text }] }, thread);
  console.log(`async: ${text} -> ${turn.messages.at(-1)?.text}`);
}
