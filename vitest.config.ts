import { defineConfig } from "vitest/config";

/**
 * One config for the whole workspace. Tests run against package sources (the
 * `@weft/source` export condition), so no build is needed before testing.
 * - `unit`: `*.test.ts`, no network.
 * - `integration`: `*.int.test.ts`, against real services (Postgres, Redis, ...).
 */
const conditions = ["@weft/source", "node", "import", "module", "default"];
// Server-side conditions without "import": they also reach Node's own resolution of
// external packages, where "import" makes a `require` (pg requiring pg-pool) load an
// ESM build and fail. Vite still resolves `import` statements as imports.
const ssrConditions = ["@weft/source", "node", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions: ssrConditions, externalConditions: ["@weft/source"] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/*/test/**/*.test.ts",
            "apps/*/src/**/*.test.ts",
            "bench/src/**/*.test.ts",
          ],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.test.ts", "packages/*/test/**/*.int.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
