/**
 * A custom workflow mixing three kinds of nodes: a model node (rewrites the question with
 * structured output), a deterministic node (similarity search, no LLM) and an agent node
 * (a `createAgent` agent reasoning over the retrieved context with a news tool).
 *
 * The program is the "Custom RAG workflow" example of the Custom workflow page with its
 * imports changed to `@weft/agent` / `@weft/graph`. Two offline stand-ins: scripted models
 * play the LLMs, and Weft's `InMemoryStore` with `HashingEmbeddings` (a local, deterministic
 * embedding) plays the vector store.
 *
 * Run from the repo root: `node --conditions=@weft/source packages/agent/examples/multi-custom-workflow.ts`
 */
import { createAgent, tool } from "@weft/agent";
import {
  Annotation,
  END,
  HashingEmbeddings,
  InMemoryStore,
  ScriptedChatModel,
  START,
  StateGraph,
} from "@weft/graph";
import * as z from "zod";

const State = Annotation.Root({
  question: Annotation<string>(),
  rewrittenQuery: Annotation<string>(),
  documents: Annotation<string[]>(),
  answer: Annotation<string>(),
});

// WNBA knowledge base with rosters, game results, and player stats
const vectorStore = new InMemoryStore({
  index: { embeddings: new HashingEmbeddings(), dims: 384 },
});
const texts = [
  // Rosters
  "New York Liberty 2024 roster: Breanna Stewart, Sabrina Ionescu, Jonquel Jones, Courtney Vandersloot.",
  "Las Vegas Aces 2024 roster: A'ja Wilson, Kelsey Plum, Jackie Young, Chelsea Gray.",
  "Indiana Fever 2024 roster: Caitlin Clark, Aliyah Boston, Kelsey Mitchell, NaLyssa Smith.",
  // Game results
  "2024 WNBA Finals: New York Liberty defeated Minnesota Lynx 3-2 to win the championship.",
  "June 15, 2024: Indiana Fever 85, Chicago Sky 79. Caitlin Clark had 23 points and 8 assists.",
  "August 20, 2024: Las Vegas Aces 92, Phoenix Mercury 84. A'ja Wilson scored 35 points.",
  // Player stats
  "A'ja Wilson 2024 season stats: 26.9 PPG, 11.9 RPG, 2.6 BPG. Won MVP award.",
  "Caitlin Clark 2024 rookie stats: 19.2 PPG, 8.4 APG, 5.7 RPG. Won Rookie of the Year.",
  "Breanna Stewart 2024 stats: 20.4 PPG, 8.5 RPG, 3.5 APG.",
];
for (const [i, text] of texts.entries()) await vectorStore.put(["wnba"], `doc-${i}`, { text });
const retriever = {
  invoke: async (query: string) => {
    const hits = await vectorStore.search(["wnba"], { query, limit: 5 });
    return hits.map((hit) => ({ pageContent: String(hit.value.text) }));
  },
};

const getLatestNews = tool(
  async ({ query: _query }: { query: string }) => {
    // Your news API here
    return "Latest: The WNBA announced expanded playoff format for 2025...";
  },
  {
    name: "get_latest_news",
    description: "Get the latest WNBA news and updates",
    schema: z.object({ query: z.string() }),
  },
);

// Scripted stand-ins: the agent checks the news, then answers from the context.
const agentModel = new ScriptedChatModel({
  replies: [
    { toolCalls: [{ name: "get_latest_news", args: { query: "WNBA champion 2024" } }] },
    "The New York Liberty won the 2024 WNBA Championship, beating the Minnesota Lynx 3-2.",
  ],
});
const agent = createAgent({
  model: agentModel,
  tools: [getLatestNews],
});

const model = new ScriptedChatModel({
  replies: [{ toolCalls: [{ name: "extract", args: { query: "2024 WNBA Finals championship" } }] }],
});

const RewrittenQuery = z.object({ query: z.string() });

async function rewriteQuery(state: typeof State.State) {
  const systemPrompt = `Rewrite this query to retrieve relevant WNBA information.
The knowledge base contains: team rosters, game results with scores, and player statistics (PPG, RPG, APG).
Focus on specific player names, team names, or stat categories mentioned.`;
  const response = await model.withStructuredOutput(RewrittenQuery).invoke([
    { role: "system", content: systemPrompt },
    { role: "user", content: state.question },
  ]);
  return { rewrittenQuery: response.query };
}

async function retrieve(state: typeof State.State) {
  const docs = await retriever.invoke(state.rewrittenQuery);
  return { documents: docs.map((doc) => doc.pageContent) };
}

async function callAgent(state: typeof State.State) {
  const context = state.documents.join("\n\n");
  const prompt = `Context:\n${context}\n\nQuestion: ${state.question}`;
  const response = await agent.invoke({
    messages: [{ role: "user", content: prompt }],
  });
  return { answer: response.messages.at(-1)?.text };
}

const workflow = new StateGraph(State)
  .addNode("rewrite", rewriteQuery)
  .addNode("retrieve", retrieve)
  .addNode("agent", callAgent)
  .addEdge(START, "rewrite")
  .addEdge("rewrite", "retrieve")
  .addEdge("retrieve", "agent")
  .addEdge("agent", END)
  .compile();

const result = await workflow.invoke({
  question: "Who won the 2024 WNBA Championship?",
});
console.log("rewritten:", result.rewrittenQuery);
console.log("top document:", result.documents[0]);
console.log("answer:", result.answer);
