import type { BaseCheckpointSaver } from "@weft/checkpoint";
import { afterEach, describe } from "vitest";
import { badConfigCases } from "./cases/bad-config.ts";
import { concurrencyCases } from "./cases/concurrency.ts";
import { deleteThreadCases } from "./cases/delete-thread.ts";
import { getTupleCases } from "./cases/get-tuple.ts";
import { listCases } from "./cases/list.ts";
import { namespaceCases } from "./cases/namespaces.ts";
import { pruneCases } from "./cases/prune.ts";
import { putWritesCases } from "./cases/put-writes.ts";
import { roundTripCases } from "./cases/round-trip.ts";
import { scaleCases } from "./cases/scale.ts";
import { threadTtlCases } from "./cases/thread-ttl.ts";
import { versionCases } from "./cases/versions.ts";
import type {
  SaverCapabilities,
  SaverConformanceOptions,
  SaverFactoryOptions,
  SaverSuiteContext,
} from "./options.ts";

const DEFAULT_CAPABILITIES: SaverCapabilities = { threadTtl: true };

/**
 * Registers the shared checkpoint-saver suite: call it at the top level of a vitest
 * file. Every case gets fresh savers from `create` and hands them to `teardown`
 * afterwards. A capability declared missing turns its cases into skipped tests whose
 * group name says so.
 *
 * @example
 * import { describeSaverConformance } from "@weft/conformance";
 * import { MySaver } from "../src/index.ts";
 *
 * describeSaverConformance({
 *   name: "MySaver",
 *   create: ({ threadTtl, now }) => new MySaver({ url: freshDatabaseUrl(), threadTtl, now }),
 *   teardown: (saver) => saver.close(),
 * });
 */
export function describeSaverConformance<S extends BaseCheckpointSaver>(
  options: SaverConformanceOptions<S>,
): void {
  const capabilities = { ...DEFAULT_CAPABILITIES, ...options.capabilities };
  describe(`${options.name}: checkpoint saver conformance`, () => {
    const live: S[] = [];
    afterEach(async () => {
      for (const saver of live.splice(0)) await options.teardown?.(saver);
    });
    const ctx: SaverSuiteContext = {
      saver: async (factoryOptions: SaverFactoryOptions = {}) => {
        const saver = await options.create(factoryOptions);
        live.push(saver);
        return saver;
      },
      slowTimeout: options.slowTimeout ?? 120_000,
    };

    roundTripCases(ctx);
    getTupleCases(ctx);
    listCases(ctx);
    namespaceCases(ctx);
    putWritesCases(ctx);
    versionCases(ctx);
    deleteThreadCases(ctx);
    concurrencyCases(ctx);
    scaleCases(ctx);
    pruneCases(ctx);
    if (capabilities.threadTtl) describe("thread TTL", () => threadTtlCases(ctx));
    else {
      describe.skip(`thread TTL (skipped: ${options.name} declares capabilities.threadTtl = false)`, () =>
        threadTtlCases(ctx));
    }
    badConfigCases(ctx);
  });
}
