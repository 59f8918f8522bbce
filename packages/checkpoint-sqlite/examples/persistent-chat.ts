/**
 * A chat thread that outlives its process: each run of this program adds one turn to a
 * conversation kept in a SQLite file, and a store on the same file remembers facts
 * across threads, found again by vector search.
 *
 * From packages/checkpoint-sqlite:
 *   node --conditions=@weft/source examples/persistent-chat.ts   # first run: turn 1
 *   node --conditions=@weft/source examples/persistent-chat.ts   # second run: turn 2, same thread
 * `--reset` deletes the database first.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteSaver, SqliteStore } from "@weft/checkpoint-sqlite";
import { Annotation, END, START, StateGraph } from "@weft/graph";
import { HashingEmbeddings } from "@weft/store";

const path = join(tmpdir(), "weft-persistent-chat.sqlite");
if (process.argv.includes("--reset")) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
}

const checkpointer = SqliteSaver.fromConnString(path);
const store = new SqliteStore(checkpointer.db, {
  index: { embeddings: new HashingEmbeddings({ dims: 128 }), dims: 128, fields: ["text"] },
});

const Chat = Annotation.Root({
  turns: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

const questions = ["What is a checkpoint?", "And what survives a restart?", "Thanks!"];

const graph = new StateGraph(Chat)
  .addNode("user", (state) => ({
    turns: [`user: ${questions[(state.turns.length / 2) % questions.length]}`],
  }))
  .addNode("assistant", async (state) => {
    const question = state.turns.at(-1)!.slice("user: ".length);
    const [memory] = await store.search(["facts"], { query: question, limit: 1 });
    const answer = memory ? `I remember: ${memory.value.text}` : "Let me note that.";
    return { turns: [`assistant: ${answer}`] };
  })
  .addEdge(START, "user")
  .addEdge("user", "assistant")
  .addEdge("assistant", END)
  .compile({ checkpointer });

await store.put(["facts"], "checkpoint", { text: "a checkpoint is a snapshot of a thread" });
await store.put(["facts"], "restart", { text: "what survives a restart is the SQLite file" });

const config = { configurable: { thread_id: "chat-1" } };
const before = await graph.getState(config);
console.log(`thread chat-1 had ${before.values.turns?.length ?? 0} messages in ${path}`);
const result = await graph.invoke({ turns: [] }, config);
for (const turn of result.turns.slice(-2)) console.log(`  ${turn}`);

let checkpoints = 0;
for await (const _ of graph.getStateHistory(config)) checkpoints++;
console.log(
  `now ${result.turns.length} messages, ${checkpoints} checkpoints; run me again to continue`,
);
console.log(`vector search: ${store.vectorSearch}`);
checkpointer.close();
