import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// The engine and the checkpoint base must run in browsers, Deno, Bun and edge
// workers: bundling them for the browser fails on any Node-only import.
const entries = {
  graph: fileURLToPath(new URL("../src/index.ts", import.meta.url)),
  checkpoint: fileURLToPath(new URL("../../checkpoint/src/index.ts", import.meta.url)),
};

const NODE_GLOBALS =
  /\b(?:process\.(?:env|versions|nextTick|cwd)|Buffer\.(?:from|alloc|isBuffer)|require\()/;

describe("browser bundle", () => {
  for (const [name, entry] of Object.entries(entries)) {
    it(`@weft/${name} bundles for the browser with no Node-only import`, async () => {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        platform: "browser",
        format: "esm",
        conditions: ["@weft/source", "browser", "import"],
        // Optional peer, loaded lazily only when its objects are present.
        external: ["@langchain/core", "@langchain/core/*"],
        logLevel: "silent",
      });
      expect(result.errors).toEqual([]);
      const code = result.outputFiles[0]!.text;
      expect(code).not.toMatch(/from\s+["']node:/);
      expect(code).not.toMatch(NODE_GLOBALS);
    });
  }
});
