import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Job } from "./plan.ts";
import type { ChildRequest, ChildResult } from "./protocol.ts";

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));
/** A case that runs longer than this is stopped and reported as failed. */
const TIMEOUT_MS = 10 * 60_000;

/** A child's result, or why it has none: it failed, or the library cannot run the case here. */
export type ChildOutcome = ChildResult | { error: string } | { unavailable: string };

/**
 * Runs one job in a child process with this process's Node binary and flags (plus
 * `--expose-gc`, for both libraries alike). Its stderr (progress) passes through.
 */
export function runChild(job: Job): Promise<ChildOutcome> {
  const request: ChildRequest = {
    scenario: job.scenario.name,
    variant: job.variant.id,
    lib: job.lib,
    counts: job.counts,
  };
  const args = [...process.execArgv, "--expose-gc", CHILD, JSON.stringify(request)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "inherit"],
      timeout: TIMEOUT_MS,
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.on("error", (error) => resolve({ error: error.message }));
    child.on("close", (code, signal) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) {
        resolve(JSON.parse(last) as ChildResult);
      } else {
        resolve({ error: `child exited with ${signal ?? `code ${code}`}` });
      }
    });
  });
}
