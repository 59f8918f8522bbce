// The saver and the store behind a real PgBouncer in transaction mode: a client's
// statements run on whichever server connection is free, so anything that relied on
// session state (named prepared statements, session locks, temp tables) would break here.
import { requireService } from "@weft/conformance";
import { Annotation, END, START, StateGraph } from "@weft/graph";
import { HashingEmbeddings } from "@weft/store";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresSaver } from "../src/saver.ts";
import { PostgresStore } from "../src/store.ts";
import { dropSchema, freshSchema, POSTGRES_SERVICE, testPool } from "./pg-fixtures.ts";

const BOUNCER_URL = process.env.WEFT_PGBOUNCER_URL ?? "postgres://postgres@127.0.0.1:6432/test";
const bouncerAddress = new URL(BOUNCER_URL);
const postgres = await requireService(POSTGRES_SERVICE);
const bouncer = await requireService({
  name: "pgbouncer",
  host: bouncerAddress.hostname,
  port: Number(bouncerAddress.port || 6432),
  howToStart: "bash scripts/services/pgbouncer.sh start",
});

const State = Annotation.Root({
  steps: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }),
});

function countingGraph(saver: PostgresSaver) {
  return new StateGraph(State)
    .addNode("one", () => ({ steps: ["one"] }))
    .addNode("two", () => ({ steps: ["two"] }))
    .addNode("three", () => ({ steps: ["three"] }))
    .addEdge(START, "one")
    .addEdge("one", "two")
    .addEdge("two", "three")
    .addEdge("three", END)
    .compile({ checkpointer: saver });
}

describe.skipIf(!postgres.available || !bouncer.available)(
  "behind PgBouncer (transaction mode)",
  () => {
    // Many client connections over PgBouncer's pool of 4 server connections.
    const viaBouncer = new pg.Pool({ connectionString: BOUNCER_URL, max: 12 });
    viaBouncer.on("error", () => {});
    const direct = testPool({ max: 2 });
    const schemas: string[] = [];
    afterAll(async () => {
      for (const schema of schemas) await dropSchema(direct, schema);
      await viaBouncer.end();
      await direct.end();
    });

    it("migrates and checkpoints concurrent graph runs, then reads every thread back", async () => {
      const schema = freshSchema("bouncer");
      schemas.push(schema);
      // Several setups at once: the migration lock is transaction-scoped, so it holds here.
      const savers = Array.from({ length: 3 }, () => new PostgresSaver(viaBouncer, { schema }));
      await Promise.all(savers.map((saver) => saver.setup()));
      const graph = countingGraph(savers[0]!);
      const threads = Array.from({ length: 12 }, (_, i) => `t${i}`);
      const results = await Promise.all(
        threads.map((thread_id) => graph.invoke({ steps: [] }, { configurable: { thread_id } })),
      );
      for (const result of results) expect(result.steps).toEqual(["one", "two", "three"]);
      const reader = countingGraph(savers[2]!);
      for (const thread_id of threads) {
        const state = await reader.getState({ configurable: { thread_id } });
        expect(state.values.steps).toEqual(["one", "two", "three"]);
        const history = [];
        for await (const snapshot of reader.getStateHistory({ configurable: { thread_id } })) {
          history.push(snapshot.metadata?.step);
        }
        expect(history).toEqual([3, 2, 1, 0, -1]);
      }
      await savers[1]!.deleteThread("t0");
      expect(await savers[0]!.getTuple({ configurable: { thread_id: "t0" } })).toBeUndefined();
    });

    it("runs the store's puts, vector searches and namespace listing", async () => {
      const schema = freshSchema("bouncerstore");
      schemas.push(schema);
      const store = new PostgresStore(viaBouncer, {
        schema,
        index: { embeddings: new HashingEmbeddings({ dims: 32 }), dims: 32, fields: ["text"] },
        pgvector: false,
      });
      await store.setup();
      await Promise.all(
        ["pizza and pasta", "green salad", "tomato soup"].map((text, i) =>
          store.put(["users", `u${i}`, "memories"], `m${i}`, { text }),
        ),
      );
      const found = await store.search(["users"], { query: "pasta", limit: 1 });
      expect(found.map((item) => item.value.text)).toEqual(["pizza and pasta"]);
      expect(await store.listNamespaces({ prefix: ["users"], maxDepth: 2 })).toEqual([
        ["users", "u0"],
        ["users", "u1"],
        ["users", "u2"],
      ]);
    });
  },
);
