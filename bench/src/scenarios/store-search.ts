import type { OpenStore, StoreBackend, StoreLike } from "../libs/bench-lib.ts";
import { tempDatabase } from "../libs/temp-database.ts";
import type { Iteration, Scenario, Variant } from "../scenario.ts";
import { median } from "../stats.ts";
import { since } from "../timer.ts";
import { checkTopK, cosine, type ExpectedTop, kthScore } from "./top-k-check.ts";
import { saladMaker } from "./word-salad.ts";

interface Sizes {
  items: number;
  dims: number;
  /** Items per `batch` call while filling the store. */
  batch: number;
  /** Timed searches of each kind; the metric is their median. */
  queries: number;
  /** Distinct `topic` values; a filtered search keeps one of them. */
  topics: number;
  limit: number;
}

/** What one iteration hands to {@link storeSearch.check} (and the cross-library test). */
export interface StoreSearchOutput {
  /** The first thing found wrong with any search, if any. */
  problem?: string;
  /** Keys returned by the first query, best first. */
  firstKeys: string[];
  /** Keys returned by the first filtered query, best first. */
  filteredKeys: string[];
}

/** Every item lives here; searches ask for the prefix `["bench"]`. */
const NAMESPACE = ["bench", "docs"];
const SEED = 0x5eed;
const WORDS_PER_ITEM = 12;
const WORDS_PER_QUERY = 4;

/** What `vectorSearch` must report, where the store reports it (Weft's SQLite store). */
const EXPECTED_MODE: Partial<Record<StoreBackend, string>> = {
  "sqlite-vec": "sqlite-vec",
  "sqlite-scan": "brute-force",
};

/** The inputs of every iteration, built once per case (untimed). */
interface Workload {
  embeddings: { embed(text: string): number[] };
  batches: { namespace: string[]; key: string; value: Record<string, unknown> }[][];
  queries: string[];
  topicOf: (query: number) => string;
  /** Per query: the exact answer without and with the topic filter. */
  expected: { plain: ExpectedTop; filtered: ExpectedTop }[];
  /** Item key → item index. */
  indexOf: Map<string, number>;
}

async function buildWorkload(sizes: Sizes): Promise<Workload> {
  // Both children load Weft's embedder: the same vectors at the same cost on both sides.
  const { HashingEmbeddings } = await import("@weft/store");
  const embeddings = new HashingEmbeddings({ dims: sizes.dims });
  const salad = saladMaker(SEED);
  const items = Array.from({ length: sizes.items }, (_, i) => ({
    key: `item-${i}`,
    value: { text: salad(WORDS_PER_ITEM), topic: `topic-${i % sizes.topics}`, n: i },
  }));
  const queries = Array.from({ length: sizes.queries }, () => salad(WORDS_PER_QUERY));
  const topicOf = (query: number) => `topic-${query % sizes.topics}`;

  // Exact scores, query by item, without keeping the item vectors around (RSS).
  const queryVectors = queries.map((q) => embeddings.embed(q));
  const scores = queries.map(() => new Float64Array(sizes.items));
  for (const [i, item] of items.entries()) {
    const vector = embeddings.embed(item.value.text);
    for (const [q, queryVector] of queryVectors.entries())
      scores[q]![i] = cosine(queryVector, vector);
  }
  const all = items.map((_, i) => i);
  const expected = queries.map((_, q) => {
    const inTopic = all.filter((i) => items[i]!.value.topic === topicOf(q));
    const top = (candidates: number[]): ExpectedTop => ({
      scores: scores[q]!,
      candidates: new Set(candidates),
      limit: sizes.limit,
      kth: kthScore(scores[q]!, candidates, sizes.limit),
    });
    return { plain: top(all), filtered: top(inTopic) };
  });

  const batches: Workload["batches"] = [];
  for (let start = 0; start < items.length; start += sizes.batch) {
    batches.push(
      items.slice(start, start + sizes.batch).map((item) => ({ namespace: NAMESPACE, ...item })),
    );
  }
  return {
    embeddings,
    batches,
    queries,
    topicOf,
    expected,
    indexOf: new Map(items.map((item, i) => [item.key, i])),
  };
}

/** Runs every query once, timing each search on its own. */
async function timeQueries(
  store: StoreLike,
  work: Workload,
  limit: number,
  filtered: boolean,
): Promise<{ ms: number[]; keys: string[][] }> {
  const ms: number[] = [];
  const keys: string[][] = [];
  for (const [q, query] of work.queries.entries()) {
    const filter = filtered ? { topic: work.topicOf(q) } : undefined;
    const start = performance.now();
    const results = await store.search(["bench"], { query, filter, limit });
    ms.push(since(start));
    keys.push(results.map((item) => item.key));
  }
  return { ms, keys };
}

/** The first wrong search of a run, checked against the exact ranking. */
function firstProblem(work: Workload, plain: string[][], filtered: string[][]): string | undefined {
  const runs = [
    { kind: "query", keys: plain, pick: (q: number) => work.expected[q]!.plain },
    { kind: "filtered query", keys: filtered, pick: (q: number) => work.expected[q]!.filtered },
  ];
  for (const { kind, keys, pick } of runs) {
    for (const [q, found] of keys.entries()) {
      const indexes = found.map((key) => work.indexOf.get(key) ?? -1);
      const problem = checkTopK(indexes, pick(q));
      if (problem) return `${kind} ${q} ("${work.queries[q]}"): ${problem}`;
    }
  }
  return undefined;
}

/** One iteration on an empty store: the batched puts, then each query without and with the filter. */
async function fillAndSearch(
  opened: OpenStore,
  backend: StoreBackend,
  work: Workload,
  sizes: Sizes,
): Promise<Iteration> {
  const start = performance.now();
  for (const batch of work.batches) await opened.store.batch(batch);
  const putMs = since(start);
  const plain = await timeQueries(opened.store, work, sizes.limit, false);
  const filtered = await timeQueries(opened.store, work, sizes.limit, true);
  const mode = opened.store.vectorSearch;
  const wantedMode = EXPECTED_MODE[backend];
  const output: StoreSearchOutput = {
    problem:
      mode !== undefined && wantedMode !== undefined && mode !== wantedMode
        ? `${opened.implementation} searched by ${mode}, expected ${wantedMode}`
        : firstProblem(work, plain.keys, filtered.keys),
    firstKeys: plain.keys[0] ?? [],
    filteredKeys: filtered.keys[0] ?? [],
  };
  const values = {
    put: sizes.items / (putMs / 1000),
    query: median(plain.ms),
    filtered: median(filtered.ms),
  };
  return { values, output };
}

const FULL: Sizes = { items: 10_000, dims: 384, batch: 250, queries: 40, topics: 10, limit: 10 };

const storeVariant = (store: StoreBackend, label: string): Variant => ({ id: store, label, store });

/**
 * `store_search`: fill a store with items (batched `batch` puts, embedding included), then
 * time `search(prefix, { query, limit })` with and without a filter. Both libraries embed
 * with Weft's `HashingEmbeddings`, so the embedding cost is the same on both sides. The
 * peer has no SQLite store: the SQLite variants compare Weft's `SqliteStore` (on a temp
 * file) with the peer's `InMemoryStore`.
 */
export const storeSearch: Scenario<Sizes> = {
  name: "store_search",
  summary: "10,000 items × 384 dims (hashing embedder): put/s, query and filtered-query latency",
  sizes: FULL,
  smokeSizes: { items: 400, dims: 384, batch: 100, queries: 6, topics: 4, limit: 10 },
  runs: { warmup: 1, measured: 5 },
  variants: [
    storeVariant("memory", "InMemoryStore"),
    storeVariant("sqlite-vec", "Weft SqliteStore (sqlite-vec) vs peer InMemoryStore"),
    storeVariant("sqlite-scan", "Weft SqliteStore (exact scan) vs peer InMemoryStore"),
  ],
  metrics: [
    {
      key: "put",
      label: `put (batches of ${FULL.batch})`,
      unit: "items/s",
      better: "higher",
      compare: true,
    },
    { key: "query", label: "search query, median", unit: "ms", better: "lower", compare: true },
    {
      key: "filtered",
      label: "search query + filter, median",
      unit: "ms",
      better: "lower",
      compare: true,
    },
  ],
  async prepare(lib, variant, sizes) {
    const work = await buildWorkload(sizes);
    const backend = variant.store ?? "memory";
    const index = { embeddings: work.embeddings, dims: sizes.dims, fields: ["text"] };
    return async () => {
      const file = backend === "memory" ? undefined : tempDatabase();
      try {
        const opened = await lib.createStore({ backend, index, path: file?.path });
        try {
          return await fillAndSearch(opened, backend, work, sizes);
        } finally {
          opened.close();
        }
      } finally {
        file?.remove();
      }
    };
  },
  check(output) {
    return (output as StoreSearchOutput).problem;
  },
};
