import type { BaseStore } from "@weft/store";
import { afterEach } from "vitest";
import type { StoreConformanceOptions, StoreFactoryOptions } from "./options.ts";

/** What every case file gets: a way to make stores that are torn down after the test. */
export interface StoreHarness {
  readonly options: StoreConformanceOptions;
  /** A fresh store, torn down after the current test. */
  store(factory?: StoreFactoryOptions): Promise<BaseStore>;
}

/** Call inside a `describe`: registers the `afterEach` that tears down the stores. */
export function createHarness(options: StoreConformanceOptions): StoreHarness {
  let open: BaseStore[] = [];
  afterEach(async () => {
    const stores = open;
    open = [];
    for (const store of stores) {
      await store.stop();
      await options.teardown?.(store);
    }
  });
  return {
    options,
    async store(factory = {}) {
      const store = await options.create(factory);
      open.push(store);
      return store;
    },
  };
}
