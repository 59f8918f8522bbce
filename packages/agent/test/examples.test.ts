import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));

// The runnable examples are documentation: they must keep running as written.
describe("examples", () => {
  it("support agent streams progress, answers in the schema and blocks a banned request", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--conditions=@weft/source", "packages/agent/examples/support-agent.ts"],
      { cwd: root },
    );
    expect(stdout).toContain("[updates] Guard.before_agent");
    expect(stdout).toContain('[custom] {"progress":"looking up A-1001"}');
    expect(stdout).toContain(
      'structured: {"orderId":"A-1001","status":"shipped","followUp":false}',
    );
    expect(stdout).toContain("model calls: 2");
    expect(stdout).toContain("blocked: I can't do that.");
  });
});
