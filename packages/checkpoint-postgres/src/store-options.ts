import { WeftError } from "@weft/checkpoint";
import type { IndexConfig, StoreOptions } from "@weft/store";
import type { PostgresConnectionOptions } from "./options.ts";

/**
 * How vectors are compared, as in the peer: `cosine` (the default; the score is the
 * cosine similarity, as every Weft store), `inner_product` (the score is the dot
 * product) or `l2` (the score is minus the Euclidean distance). Higher is better in all.
 */
export type DistanceMetric = "cosine" | "inner_product" | "l2";

/** Tuning of the pgvector HNSW index (ignored without pgvector). */
export interface HnswConfig {
  /** Links per node of the graph. @default 16 */
  m?: number;
  /** Candidate list size while building. @default 64 */
  efConstruction?: number;
  /**
   * Candidate list size while searching (`hnsw.ef_search`): larger is slower and more
   * accurate. A search asking for more results raises it to match, up to 1000.
   * @default 40
   */
  efSearch?: number;
}

/** {@link IndexConfig} plus the pgvector settings of {@link PostgresStore}. */
export interface PostgresIndexConfig extends IndexConfig {
  /** @default "cosine" */
  distanceMetric?: DistanceMetric;
  /** HNSW index parameters. */
  hnsw?: HnswConfig;
}

/**
 * Options of `PostgresStore`: the common store options (`index`, `ttl`, `now`), the
 * connection options (`schema`, `createSchema`, `retry`) and the store's own.
 */
export interface PostgresStoreOptions
  extends Omit<StoreOptions, "index">,
    PostgresConnectionOptions {
  /** Vector search (see {@link PostgresIndexConfig}). Without it, `query` is ignored. */
  index?: PostgresIndexConfig;
  /**
   * Use pgvector when the server has it: `CREATE EXTENSION IF NOT EXISTS vector` at
   * setup, then an HNSW index. `false`, or a server without the extension, gives exact
   * search computed in SQL over `real[]` vectors: the same results, slower on large
   * stores. @default true
   */
  pgvector?: boolean;
  /**
   * Called with a message when the store falls back to exact search (pgvector missing
   * or not creatable). @default `process.emitWarning`
   */
  onWarning?: (message: string) => void;
}

/** {@link HnswConfig} with defaults. */
export type ResolvedHnsw = Required<HnswConfig>;

/** The settings a store's vector search runs with. */
export interface ResolvedVectorSettings {
  metric: DistanceMetric;
  hnsw: ResolvedHnsw;
}

const METRICS: readonly DistanceMetric[] = ["cosine", "inner_product", "l2"];

/**
 * Checks the pgvector parts of an index config and applies defaults.
 * @throws WeftError `INVALID_CONFIG` for an unknown metric or a bad HNSW number.
 */
export function resolveVectorSettings(index: PostgresIndexConfig): ResolvedVectorSettings {
  const metric = index.distanceMetric ?? "cosine";
  if (!METRICS.includes(metric)) {
    throw new WeftError(
      "INVALID_CONFIG",
      `index.distanceMetric must be one of ${METRICS.join(", ")}; got ${JSON.stringify(metric)}.`,
      { details: { distanceMetric: metric } },
    );
  }
  const hnsw = {
    m: index.hnsw?.m ?? 16,
    efConstruction: index.hnsw?.efConstruction ?? 64,
    efSearch: index.hnsw?.efSearch ?? 40,
  };
  const bounds: Record<keyof ResolvedHnsw, [number, number]> = {
    m: [2, 100],
    efConstruction: [4, 1000],
    efSearch: [1, 1000],
  };
  for (const name of Object.keys(bounds) as (keyof ResolvedHnsw)[]) {
    const [min, max] = bounds[name];
    const value = hnsw[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new WeftError(
        "INVALID_CONFIG",
        `index.hnsw.${name} must be an integer from ${min} to ${max}; got ${String(value)}.`,
        { details: { [name]: value } },
      );
    }
  }
  if (hnsw.efConstruction < 2 * hnsw.m) {
    throw new WeftError(
      "INVALID_CONFIG",
      `index.hnsw.efConstruction (${hnsw.efConstruction}) must be at least twice m (${hnsw.m}).`,
      { details: hnsw },
    );
  }
  return { metric, hnsw };
}
