import type { BaseStore } from "@weft/store";
import { describe } from "vitest";
import { batchCases } from "./cases/batch.ts";
import { crudCases } from "./cases/crud.ts";
import { errorCases } from "./cases/errors.ts";
import { filterCases } from "./cases/filters.ts";
import { namespaceCases } from "./cases/namespaces.ts";
import { searchCases } from "./cases/search.ts";
import { ttlCases } from "./cases/ttl.ts";
import { unicodeCases } from "./cases/unicode.ts";
import { vectorCases } from "./cases/vectors.ts";
import { createHarness } from "./harness.ts";
import type { StoreConformanceOptions } from "./options.ts";

/**
 * Registers the shared store test suite for one backend. Call it at the top level of
 * a vitest file; every case gets a fresh store from `create` and hands it to
 * `teardown` afterwards. Capability flags skip whole groups, visibly (the skipped group's
 * name says which flag): `supportsVectors: false` skips vector search, `supportsTtl: false`
 * skips expiry.
 *
 * What the suite pins down beyond the method signatures (see `BaseStore`): reads in a
 * batch see the state before its writes; `search` without a query returns items
 * oldest-created first; items without vectors come after scored ones in a query
 * search; timestamps and expiry follow the `now` clock passed to `create`.
 *
 * @example
 * // my-store.test.ts
 * import { describeStoreConformance } from "@weft/conformance";
 * describeStoreConformance({
 *   name: "MyStore",
 *   create: (options) => new MyStore({ ...options, url: process.env.MY_URL }),
 *   teardown: (store) => store.close(),
 *   supportsVectors: true,
 * });
 */
export function describeStoreConformance<S extends BaseStore>(
  options: StoreConformanceOptions<S>,
): void {
  describe(`${options.name} (store conformance)`, () => {
    // The harness only hands stores made by `create` back to `teardown`.
    const h = createHarness(options as unknown as StoreConformanceOptions);
    crudCases(h);
    searchCases(h);
    filterCases(h);
    namespaceCases(h);
    batchCases(h);
    unicodeCases(h);
    errorCases(h);
    // A declared gap shows as skipped cases whose group names the flag, never as silence.
    if (options.supportsTtl !== false) ttlCases(h);
    else
      describe.skip(`TTL (skipped: ${options.name} declares supportsTtl = false)`, () =>
        ttlCases(h));
    if (options.supportsVectors) vectorCases(h);
    else {
      describe.skip(`vector search (skipped: ${options.name} declares supportsVectors = false)`, () =>
        vectorCases(h));
    }
  });
}
