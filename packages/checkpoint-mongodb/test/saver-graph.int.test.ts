import { INTERRUPT } from "@weft/checkpoint";
import { Annotation, Command, END, interrupt, START, StateGraph } from "@weft/graph";
import { afterEach, describe, expect, it } from "vitest";
import { MongoDBSaver } from "../src/saver.ts";
import { freshDbName, MONGODB_URL, requireMongo } from "./fixtures/mongodb.ts";

const mongodb = await requireMongo();

const State = Annotation.Root({
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

/** draft → approve (asks a person) → publish. */
function approvalGraph(checkpointer: MongoDBSaver) {
  return new StateGraph(State)
    .addNode("draft", () => ({ log: ["drafted"] }))
    .addNode("approve", () => {
      const answer = interrupt({ question: "publish?" }) as string;
      return { log: [`approved: ${answer}`] };
    })
    .addNode("publish", () => ({ log: ["published"] }))
    .addEdge(START, "draft")
    .addEdge("draft", "approve")
    .addEdge("approve", "publish")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

const savers: MongoDBSaver[] = [];
afterEach(async () => {
  for (const saver of savers.splice(0).reverse()) {
    await saver.connection.db.dropDatabase().catch(() => {});
    await saver.close();
  }
});

describe.skipIf(!mongodb.available)("a graph on MongoDBSaver", () => {
  it("pauses on an interrupt, and another process resumes it from MongoDB", async () => {
    const dbName = freshDbName();
    const open = () => {
      const saver = MongoDBSaver.fromConnString(MONGODB_URL, { dbName });
      savers.push(saver);
      return saver;
    };
    const config = { configurable: { thread_id: "review-1" } };

    const first = await approvalGraph(open()).invoke({ log: ["start"] }, config);
    expect(first[INTERRUPT]).toEqual([{ id: expect.any(String), value: { question: "publish?" } }]);
    expect(first.log).toEqual(["start", "drafted"]);

    // A fresh saver and client, as after a restart: the pause is read back from MongoDB.
    const graph = approvalGraph(open());
    const paused = await graph.getState(config);
    expect(paused.next).toEqual(["approve"]);
    const done = await graph.invoke(new Command({ resume: "yes" }), config);
    expect(done.log).toEqual(["start", "drafted", "approved: yes", "published"]);
    expect((await graph.getState(config)).next).toEqual([]);

    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    expect(history.map((s) => s.values.log?.length ?? 0)).toEqual([4, 3, 2, 1, 0]);
  });
});
