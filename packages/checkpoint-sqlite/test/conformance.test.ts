import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeSaverConformance, describeStoreConformance } from "@weft/conformance";
import { afterAll } from "vitest";
import { SqliteSaver } from "../src/saver.ts";
import { SqliteStore } from "../src/store.ts";

const dir = mkdtempSync(join(tmpdir(), "weft-sqlite-conformance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempFile = () => join(dir, `db-${files++}.sqlite`);

describeSaverConformance({
  name: "SqliteSaver (:memory:)",
  create: (options) => SqliteSaver.fromConnString(":memory:", options),
  teardown: (saver) => saver.close(),
});

describeSaverConformance({
  name: "SqliteSaver (file)",
  create: (options) => SqliteSaver.fromConnString(tempFile(), options),
  teardown: (saver) => saver.close(),
});

describeStoreConformance({
  name: "SqliteStore (:memory:, sqlite-vec)",
  create: (options) => SqliteStore.fromConnString(":memory:", options),
  teardown: (store) => store.close(),
  supportsVectors: true,
});

describeStoreConformance({
  name: "SqliteStore (:memory:, brute-force fallback)",
  create: (options) => SqliteStore.fromConnString(":memory:", { ...options, sqliteVec: false }),
  teardown: (store) => store.close(),
  supportsVectors: true,
});

describeStoreConformance({
  name: "SqliteStore (file, sqlite-vec)",
  create: (options) => SqliteStore.fromConnString(tempFile(), options),
  teardown: (store) => store.close(),
  supportsVectors: true,
});

describeStoreConformance({
  name: "SqliteStore (file, brute-force fallback)",
  create: (options) => SqliteStore.fromConnString(tempFile(), { ...options, sqliteVec: false }),
  teardown: (store) => store.close(),
  supportsVectors: true,
});
