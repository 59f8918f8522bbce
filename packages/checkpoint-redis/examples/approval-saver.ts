/**
 * A run that waits for a person, kept in Redis: the first run of this program drafts a
 * reply and stops at an approval step (`interrupt`); the next run, another process,
 * finds the thread in Redis and resumes it with the answer given on the command line.
 *
 * From packages/checkpoint-redis, with Redis at WEFT_REDIS_URL (default 127.0.0.1:6379):
 *   node --conditions=@weft/source examples/approval-saver.ts          # drafts, then waits
 *   node --conditions=@weft/source examples/approval-saver.ts yes      # resumes: approved
 * `--reset` deletes the thread first. Keys go under the prefix `weft-example:`, and the
 * thread expires after a day without use.
 */
import { RedisSaver } from "@weft/checkpoint-redis";
import { Annotation, Command, END, INTERRUPT, interrupt, START, StateGraph } from "@weft/graph";

const url = process.env.WEFT_REDIS_URL ?? "redis://127.0.0.1:6379";
const checkpointer = await RedisSaver.fromUrl(url, {
  keyPrefix: "weft-example:",
  threadTtl: { ttlMs: 24 * 60 * 60 * 1000 },
});
const config = { configurable: { thread_id: "approval-1" } };
if (process.argv.includes("--reset")) await checkpointer.deleteThread("approval-1");

const Reply = Annotation.Root({
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

const graph = new StateGraph(Reply)
  .addNode("draft", () => ({ log: ["drafted: 'Your order ships Monday.'"] }))
  .addNode("approve", () => {
    const answer = interrupt({ question: "Send this reply? (yes/no)" }) as string;
    return { log: [`reviewer said: ${answer}`] };
  })
  .addNode("send", (state) => ({
    log: [state.log.at(-1)?.endsWith("yes") ? "sent" : "discarded"],
  }))
  .addEdge(START, "draft")
  .addEdge("draft", "approve")
  .addEdge("approve", "send")
  .addEdge("send", END)
  .compile({ checkpointer });

const answer = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
const state = await graph.getState(config);
if (state.next.includes("approve") && answer !== undefined) {
  const done = await graph.invoke(new Command({ resume: answer }), config);
  console.log(done.log.join("\n"));
} else if (state.next.includes("approve")) {
  console.log("waiting for approval: run again with `yes` or `no`");
} else {
  const paused = await graph.invoke({ log: [] }, config);
  console.log(paused.log.join("\n"));
  const question = paused[INTERRUPT]?.[0];
  console.log(`paused: ${JSON.stringify(question?.value)}; run again with \`yes\` or \`no\``);
}
let checkpoints = 0;
for await (const _ of checkpointer.list(config)) checkpoints++;
console.log(
  `thread approval-1: ${checkpoints} checkpoints in Redis at ${checkpointer.connection.address}`,
);
await checkpointer.close();
