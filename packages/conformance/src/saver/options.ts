import type { BaseCheckpointSaver, ThreadTtlOptions } from "@weft/checkpoint";

/**
 * What the suite passes to `create`: retention options some cases need. Pass them to
 * your saver's constructor (every saver takes them through `BaseCheckpointSaverOptions`).
 */
export interface SaverFactoryOptions {
  /** Set by the thread-TTL cases. */
  threadTtl?: ThreadTtlOptions;
  /** A fake clock (epoch ms) set by the thread-TTL cases, so they never wait. */
  now?: () => number;
}

/**
 * Features a backend may declare missing. Only what the issue makes optional is here;
 * everything else is required. A declared gap shows up as skipped cases whose names
 * say why, never as silence.
 */
export interface SaverCapabilities {
  /** Per-thread TTL: honours `threadTtl` and `now`, hides expired threads, `sweep()`. @default true */
  threadTtl: boolean;
}

/** Arguments of {@link describeSaverConformance}. */
export interface SaverConformanceOptions<S extends BaseCheckpointSaver = BaseCheckpointSaver> {
  /** Shown in every test name, e.g. `"SqliteSaver (:memory:)"`. */
  name: string;
  /**
   * A fresh, empty saver that shares nothing with the ones made before (its own
   * database, schema or key prefix): cases list every thread and count what they find.
   */
  create(options: SaverFactoryOptions): S | Promise<S>;
  /** Releases what `create` made (connections, files). Called after each case for each saver. */
  teardown?(saver: S): void | Promise<void>;
  /** Declared gaps; every capability defaults to true. */
  capabilities?: Partial<SaverCapabilities>;
  /** Timeout of the heavy cases (10 MB values, 1,000 threads) in ms. @default 120_000 */
  slowTimeout?: number;
}

/** What every case group receives. */
export interface SaverSuiteContext {
  /** A fresh saver from the author's factory, torn down after the case. */
  saver(options?: SaverFactoryOptions): Promise<BaseCheckpointSaver>;
  /** Timeout of heavy cases, in ms. */
  slowTimeout: number;
}
