import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../../", import.meta.url));

// The offline agent demo is documentation: it must keep running as written.
describe("examples/react-agent.ts", () => {
  it("streams steps and tokens with the scripted model", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--conditions=@weft/source", "examples/react-agent.ts"],
      { cwd: packageDir },
    );
    expect(stdout).toContain("[agent] ai: calls get_weather");
    expect(stdout).toContain("[tools] tool: 60 degrees and foggy");
    expect(stdout).toContain("In| sf| it| is| 60| degrees| and| foggy.|");
    expect(stdout).toContain("the thread holds 8 messages");
  });
});
