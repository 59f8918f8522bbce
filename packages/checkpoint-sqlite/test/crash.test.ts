import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteSaver } from "../src/saver.ts";
import { stepsGraph } from "./fixtures/steps-graph.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "weft-sqlite-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the child on `path`, waits until it reports `freezeAt`, then SIGKILLs it. */
async function runAndKill(path: string, freezeAt: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--conditions=@weft/source", join(here, "fixtures/crash-child.ts"), path, freezeAt],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
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
      if (stdout.includes(`reached ${freezeAt}`)) resolve();
    });
    child.on("exit", (code) =>
      reject(
        new Error(`child exited (${code}) before reaching ${freezeAt}:\n${stdout}\n${stderr}`),
      ),
    );
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  return stdout;
}

describe("SqliteSaver survives a killed process", () => {
  it("keeps the last committed checkpoint intact, and the run resumes from it", async () => {
    const path = join(dir, "crash.sqlite");
    const output = await runAndKill(path, "write");
    expect(output).not.toContain("finished");

    const saver = SqliteSaver.fromConnString(path);
    expect(saver.db.pragma("integrity_check", { simple: true })).toBe("ok");
    const config = { configurable: { thread_id: "crash" } };
    const graph = stepsGraph(saver);
    const state = await graph.getState(config);
    // `plan` and `fetch` were committed; `write` was running when the process died.
    expect(state.values.log).toEqual(["start", "plan", "fetch"]);
    expect(state.next).toEqual(["write"]);

    const result = await graph.invoke(null, config);
    expect(result.log).toEqual(["start", "plan", "fetch", "write", "review"]);
    const after = await graph.getState(config);
    expect(after.next).toEqual([]);
    saver.close();
  });
});
