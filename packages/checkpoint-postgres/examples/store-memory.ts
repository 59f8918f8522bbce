/**
 * Long-term memory in PostgreSQL: an assistant node recalls what it knows about a user
 * by vector search and filters, and remembers new facts with an expiry. Memories are
 * shared by every thread, process and restart; the checkpointer and the store share one
 * pool.
 *
 * From the repository root, with PostgreSQL at WEFT_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/test):
 *   node --conditions=@weft/source packages/checkpoint-postgres/examples/store-memory.ts
 * Without pgvector on the server, search is exact (the store warns once). Tables live in
 * the schema `weft_example`; `--reset` forgets the user's memories first.
 */
import { PostgresSaver, PostgresStore } from "@weft/checkpoint-postgres";
import { Annotation, END, type LangGraphRunnableConfig, START, StateGraph } from "@weft/graph";
import { HashingEmbeddings } from "@weft/store";
import pg from "pg";

const url = process.env.WEFT_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const pool = new pg.Pool({ connectionString: url, max: 5 });
pool.on("error", (error) => console.error("idle PostgreSQL client lost:", error.message));

const store = new PostgresStore(pool, {
  schema: "weft_example",
  // A real application passes its embedding model here (OpenAI, Ollama...).
  index: { embeddings: new HashingEmbeddings({ dims: 256 }), dims: 256, fields: ["text"] },
  ttl: { defaultTtl: 60 * 24 * 30, refreshOnRead: true }, // forget after 30 idle days
});
const checkpointer = new PostgresSaver(pool, { schema: "weft_example" });

const user = ["users", "ada", "memories"];
if (process.argv.includes("--reset")) {
  for (const item of await store.search(user, { limit: 100 })) await store.delete(user, item.key);
}
await store.batch([
  { namespace: user, key: "food", value: { text: "Ada loves spicy Sichuan food", kind: "taste" } },
  { namespace: user, key: "pet", value: { text: "Ada has a grey cat named Turing", kind: "life" } },
  {
    namespace: user,
    key: "job",
    value: { text: "Ada writes compilers for a living", kind: "work" },
  },
]);

const State = Annotation.Root({
  question: Annotation<string>(),
  answer: Annotation<string>(),
});

const graph = new StateGraph(State)
  .addNode("recall", async (state, config: LangGraphRunnableConfig) => {
    const memories = config.store!;
    const [best] = await memories.search(user, { query: state.question, limit: 1 });
    const tastes = await memories.search(user, { filter: { kind: "taste" } });
    // A log line: kept for an hour, filterable, never embedded (index: false).
    await memories.put(
      user,
      "last-question",
      { text: state.question, kind: "log" },
      {
        index: false,
        ttl: 60,
      },
    );
    return {
      answer:
        `Closest memory: "${best?.value.text}" (score ${best?.score?.toFixed(2)}). ` +
        `Known tastes: ${tastes.map((item) => item.value.text).join("; ")}.`,
    };
  })
  .addEdge(START, "recall")
  .addEdge("recall", END)
  .compile({ checkpointer, store });

const result = await graph.invoke(
  { question: "Which food would Ada enjoy tonight?" },
  { configurable: { thread_id: "ada-dinner" } },
);
console.log(result.answer);
console.log("namespaces:", await store.listNamespaces({ prefix: ["users"] }));
console.log("vector search:", store.vectorSearch);

await store.close();
await pool.end();
