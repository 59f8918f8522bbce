/**
 * A router over three knowledge sources. A classification step (one structured-output
 * model call) decides which verticals a question touches; `Send` fans the question out
 * to those specialised agents in parallel; a synthesis step merges their answers.
 *
 * Stateless, the router answers each request on its own. Stateful ("tool wrapper"), the
 * router becomes the `search_docs` tool of a conversational agent that keeps the
 * history per thread, while the router itself stays stateless.
 *
 * The programs are those of the Router page (basic implementation with `Send`, stateless
 * router, stateful tool wrapper) with imports changed to `@weft/agent` / `@weft/graph`;
 * scripted models play the LLMs.
 *
 * Run from the repo root: `node --conditions=@weft/source packages/agent/examples/multi-router.ts`
 */
import { createAgent, tool } from "@weft/agent";
import {
  Annotation,
  END,
  MemorySaver,
  ScriptedChatModel,
  Send,
  START,
  StateGraph,
} from "@weft/graph";
import { z } from "zod";

const ClassificationResult = z.object({
  query: z.string(),
  agent: z.enum(["github", "notion", "slack"]),
});
const Classifications = z.object({ classifications: z.array(ClassificationResult) });

const State = Annotation.Root({
  query: Annotation<string>(),
  classifications: Annotation<z.infer<typeof ClassificationResult>[]>(),
  // Each parallel agent appends its answer; the reducer merges the fan-in.
  results: Annotation<{ source: string; result: string }[]>({
    reducer: (current, update) => current.concat(update),
    default: () => [],
  }),
  finalAnswer: Annotation<string>(),
});
const AgentInput = Annotation.Root({ query: Annotation<string>() });

// Scripted stand-ins for the LLMs. The router picks GitHub and Notion for the first
// question and Slack for the second.
const routerModel = new ScriptedChatModel({
  replies: [
    {
      toolCalls: [
        {
          name: "extract",
          args: {
            classifications: [
              { agent: "github", query: "authentication code changes" },
              { agent: "notion", query: "authentication docs" },
            ],
          },
        },
      ],
    },
    {
      toolCalls: [
        {
          name: "extract",
          args: { classifications: [{ agent: "slack", query: "deploy freeze announcement" }] },
        },
      ],
    },
  ],
});

const searchCode = tool(
  async ({ query }: { query: string }) => `PR #42 "${query}": moved auth to OAuth2`,
  {
    name: "search_code",
    description: "Search code and pull requests on GitHub.",
    schema: z.object({ query: z.string() }),
  },
);
const searchNotion = tool(
  async ({ query }: { query: string }) => `Page "${query}": tokens expire after 1h`,
  {
    name: "search_notion",
    description: "Search the Notion workspace.",
    schema: z.object({ query: z.string() }),
  },
);
const searchSlack = tool(
  async ({ query }: { query: string }) => `#eng "${query}": freeze starts Friday`,
  {
    name: "search_slack",
    description: "Search Slack messages.",
    schema: z.object({ query: z.string() }),
  },
);

// One specialised agent per vertical, each with its own tool and prompt.
const agents = {
  github: createAgent({
    model: new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "search_code", args: { query: "authentication" } }] },
        "GitHub: auth moved to OAuth2 in PR #42.",
      ],
    }),
    tools: [searchCode],
    systemPrompt: "You search GitHub. Answer from code and pull requests.",
    name: "github",
  }),
  notion: createAgent({
    model: new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "search_notion", args: { query: "authentication" } }] },
        "Notion: access tokens expire after one hour.",
      ],
    }),
    tools: [searchNotion],
    systemPrompt: "You search Notion. Answer from internal documentation.",
    name: "notion",
  }),
  slack: createAgent({
    model: new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "search_slack", args: { query: "deploy freeze" } }] },
        "Slack: the deploy freeze starts on Friday.",
      ],
    }),
    tools: [searchSlack],
    systemPrompt: "You search Slack. Answer from team discussions.",
    name: "slack",
  }),
};

async function classify(state: typeof State.State) {
  const response = await routerModel.withStructuredOutput(Classifications).invoke([
    {
      role: "system",
      content: "Decide which sources (github, notion, slack) can answer, with a query for each.",
    },
    { role: "user", content: state.query },
  ]);
  return { classifications: response.classifications };
}

// Fan out to the selected agents in parallel
function routeToAgents(state: typeof State.State) {
  return state.classifications.map((c) => new Send(c.agent, { query: c.query }));
}

function agentNode(source: keyof typeof agents) {
  return async (input: typeof AgentInput.State) => {
    const result = await agents[source].invoke({
      messages: [{ role: "user", content: input.query }],
    });
    return { results: [{ source, result: result.messages.at(-1)?.text ?? "" }] };
  };
}

function synthesize(state: typeof State.State) {
  const ordered = [...state.results].sort((a, b) => a.source.localeCompare(b.source));
  return { finalAnswer: ordered.map((r) => r.result).join("\n") };
}

const workflow = new StateGraph(State)
  .addNode("classify", classify)
  .addNode("github", agentNode("github"), { input: AgentInput })
  .addNode("notion", agentNode("notion"), { input: AgentInput })
  .addNode("slack", agentNode("slack"), { input: AgentInput })
  .addNode("synthesize", synthesize)
  .addEdge(START, "classify")
  .addConditionalEdges("classify", routeToAgents, ["github", "notion", "slack"])
  .addEdge("github", "synthesize")
  .addEdge("notion", "synthesize")
  .addEdge("slack", "synthesize")
  .addEdge("synthesize", END)
  .compile();

// Stateless: one request, answered on its own.
const stateless = await workflow.invoke({ query: "How do I authenticate API requests?" });
console.log("routed to:", stateless.classifications.map((c) => c.agent).join(", "));
console.log("answer:", stateless.finalAnswer.replaceAll("\n", " | "));

// Stateful, tool wrapper: the conversational agent keeps the history, the router stays stateless.
const searchDocs = tool(
  async ({ query }: { query: string }) => {
    const result = await workflow.invoke({ query });
    return result.finalAnswer;
  },
  {
    name: "search_docs",
    description: "Search across multiple documentation sources",
    schema: z.object({
      query: z.string().describe("The search query"),
    }),
  },
);

const model = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "search_docs", args: { query: "Is there a deploy freeze?" } }] },
    "Yes: the deploy freeze starts on Friday.",
  ],
});
const conversationalAgent = createAgent({
  model,
  tools: [searchDocs],
  systemPrompt: "You are a helpful assistant. Use search_docs to answer questions.",
  checkpointer: new MemorySaver(),
});
const config = { configurable: { thread_id: "router-chat" } };
const reply = await conversationalAgent.invoke(
  { messages: [{ role: "user", content: "Can I deploy this week?" }] },
  config,
);
console.log("conversational:", reply.messages.at(-1)?.text);
console.log("thread messages:", reply.messages.map((m) => m.type).join(", "));
