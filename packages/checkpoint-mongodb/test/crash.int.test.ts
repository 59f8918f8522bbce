import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { emptyCheckpoint, WeftError } from "@weft/checkpoint";
import { afterEach, describe, expect, it } from "vitest";
import { MongoDatabaseError } from "../src/errors.ts";
import { MongoDBSaver } from "../src/saver.ts";
import { CRASH_THREAD, crashCheckpoints } from "./fixtures/crash-plan.ts";
import { freshDbName, MONGODB_URL, requireMongo } from "./fixtures/mongodb.ts";

const mongodb = await requireMongo();
const here = dirname(fileURLToPath(import.meta.url));

/** Children still running when a test ends (it failed early): killed in `afterEach`. */
const children = new Set<ChildProcess>();

/** Runs the crash child on `dbName` until it reports `reached`, then SIGKILLs it. */
async function runAndKill(dbName: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--conditions=@weft/source", join(here, "fixtures/crash-child.ts"), MONGODB_URL, dbName],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.add(child);
  child.on("exit", () => children.delete(child));
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("exit", (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("reached values-written")) resolve();
    });
    child.on("exit", (code) =>
      reject(new Error(`child exited (${code}) before the crash point:\n${stdout}\n${stderr}`)),
    );
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  return stdout;
}

const thread = { configurable: { thread_id: CRASH_THREAD } };
const savers: MongoDBSaver[] = [];
function open(dbName = freshDbName()): MongoDBSaver {
  const saver = MongoDBSaver.fromConnString(MONGODB_URL, { dbName });
  savers.push(saver);
  return saver;
}
afterEach(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const saver of savers.splice(0)) {
    await saver.connection.db.dropDatabase();
    await saver.close();
  }
});

describe.skipIf(!mongodb.available)(
  "MongoDBSaver without transactions: a crashed put is harmless",
  () => {
    it("a process killed between the values and the checkpoint document leaves the previous checkpoint", async () => {
      const dbName = freshDbName();
      const saver = open(dbName);
      const output = await runAndKill(dbName);
      expect(output).toContain("committed first");
      expect(output).not.toContain("finished");
      const { first, second } = crashCheckpoints();
      const values = saver.connection.db.collection("checkpoint_values");
      // The killed put got as far as its values: they are there, invisible.
      expect(await values.countDocuments({ checkpoint_id: second.id })).toBe(1);

      const latest = await saver.getTuple(thread);
      expect(latest?.checkpoint.id).toBe(first.id);
      expect(latest?.checkpoint.channel_values).toEqual(first.channel_values);
      const history = [];
      for await (const tuple of saver.list(thread)) history.push(tuple.checkpoint.id);
      expect(history).toEqual([first.id]);
      expect(
        await saver.getTuple({
          configurable: { ...thread.configurable, checkpoint_id: second.id },
        }),
      ).toBeUndefined();

      // The history goes on from the surviving checkpoint; a prune then sweeps the leftovers.
      const next = await saver.put(
        latest!.config,
        {
          ...emptyCheckpoint(),
          id: "1f0c0000-0000-6000-8000-000000000003",
          channel_values: { log: ["start", "again"], big: first.channel_values.big },
          channel_versions: { log: 3, big: 1 },
        },
        { source: "loop", step: 1, parents: {} },
        { log: 3 },
      );
      expect((await saver.getTuple(thread))?.config).toEqual(next);
      expect(await saver.prune([CRASH_THREAD], { keepLast: 1 })).toEqual({
        checkpoints: 1,
        writes: 0,
      });
      expect(await values.countDocuments({ checkpoint_id: second.id })).toBe(0);
      // The value the kept checkpoint shares with the pruned one stays.
      expect((await saver.getTuple(thread))?.checkpoint.channel_values).toEqual({
        log: ["start", "again"],
        big: first.channel_values.big,
      });
    });

    it("deleteThread removes the leftovers of a killed put", async () => {
      const dbName = freshDbName();
      const saver = open(dbName);
      await runAndKill(dbName);
      await saver.deleteThread(CRASH_THREAD);
      const db = saver.connection.db;
      for (const name of ["checkpoints", "checkpoint_values", "checkpoint_writes"]) {
        expect(await db.collection(name).countDocuments({ thread_id: CRASH_THREAD })).toBe(0);
      }
    });

    it("a put whose checkpoint document fails after its values were written changes nothing visible", async () => {
      const saver = open();
      const { first } = crashCheckpoints();
      const saved = await saver.put(thread, { ...emptyCheckpoint(), ...first }, first.metadata, {
        log: 1,
        big: 1,
      });
      // Metadata over MongoDB's 16 MB document limit: it serializes fine, the values are
      // written, and the checkpoint document is then refused by the driver or the server.
      const error = await saver
        .put(
          saved,
          {
            ...emptyCheckpoint(),
            id: "1f0c0000-0000-6000-8000-000000000009",
            channel_values: { log: ["start", "huge"] },
            channel_versions: { log: 2, big: 1 },
          },
          { source: "loop", step: 1, parents: {}, note: "n".repeat(17 * 1024 * 1024) },
          { log: 2 },
        )
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(WeftError.hasCode(error, "SAVER_ERROR")).toBe(true);
      expect(error).toBeInstanceOf(MongoDatabaseError);
      const latest = await saver.getTuple(thread);
      expect(latest?.checkpoint.id).toBe(first.id);
      expect(latest?.checkpoint.channel_values).toEqual(first.channel_values);
      await saver.deleteThread(CRASH_THREAD);
      expect(await saver.connection.db.collection("checkpoint_values").countDocuments({})).toBe(0);
    });
  },
);
