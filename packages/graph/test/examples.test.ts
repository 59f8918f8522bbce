import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));

// The runnable examples are documentation: they must keep running as written.
describe("examples", () => {
  it("graph quickstart (the README's demo command) streams, pauses for review, resumes, lists checkpoints and forks", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--conditions=@weft/source", "packages/graph/examples/quickstart.ts"],
      {
        cwd: root,
      },
    );
    expect(stdout).toContain('[updates] {"research"');
    expect(stdout).toContain("[custom]");
    expect(stdout).toMatch(/step -1 {2}input/);
    expect(stdout).toContain('forked result: "Why sorbets?');
    expect(stdout).toContain('"__interrupt__"');
    expect(stdout).toContain('"verdict":"approved"');
    expect(stdout).toContain("waiting for its own review: 1 pending");
  });

  it("checkpoint basic example runs", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--conditions=@weft/source", "packages/checkpoint/examples/basic.ts"],
      {
        cwd: root,
      },
    );
    expect(stdout).toContain("decrypted:");
  });
});
