// What `MongoDBStore.setup()` does to the database: the layout marker, the indexes
// (a TTL index only where the server has them), and the vector dimensions check.

import { WeftError } from "@weft/checkpoint";
import type { IndexDescription } from "mongodb";
import type { ServerFeatures } from "./connection.ts";
import { isDuplicateKeyError } from "./errors.ts";
import type { StoreContext } from "./store-context.ts";

/** How expired items are deleted. */
export type ExpiryMode = "ttl-index" | "sweep";

/** Name of the index on `expiresAt` (a TTL index, or a plain one for sweeps). */
const EXPIRY_INDEX = "weft_expires_at";

/**
 * Creates the indexes the store's queries use; idempotent. `ttlIndex` asks for a TTL
 * index on `expiresAt`; an existing index on `expiresAt` is kept as it is (MongoDB allows
 * one per key), and the result says which kind is in place.
 */
export async function ensureStoreIndexes(
  ctx: StoreContext,
  features: ServerFeatures,
  ttlIndex: boolean,
): Promise<ExpiryMode> {
  const indexes: IndexDescription[] = [
    // Prefix search in creation order, and creation order across all namespaces.
    { key: { nsPath: 1, seq: 1 }, name: "weft_ns_seq" },
    { key: { seq: 1 }, name: "weft_seq" },
  ];
  // Filters: one wildcard index serves equality and ranges on every field of `q` (every
  // MongoDB the driver supports has them; FerretDB has none and filters in its own process).
  // Filter queries are `$or: [{qPartial: true}, ...]`: MongoDB uses indexes for an `$or`
  // only when every branch has one, hence the (small, partial) index of partial items.
  if (features.ferretdb === undefined) {
    indexes.push({ key: { "q.$**": 1 }, name: "weft_q" });
    indexes.push({
      key: { qPartial: 1 },
      name: "weft_q_partial",
      partialFilterExpression: { qPartial: true },
    });
  }
  // FerretDB 1.24 drops the connection (an internal panic) when two clients create the
  // indexes of a new collection at once: the loser looks again and finds them made.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createMissing(ctx, indexes, ttlIndex);
    } catch (error) {
      const cause = (error as { cause?: { name?: unknown } }).cause;
      if (attempt === 3 || cause?.name !== "MongoNetworkError") throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Creates the indexes `listIndexes` does not show; returns the expiry mode in place. */
async function createMissing(
  { items, connection }: StoreContext,
  indexes: readonly IndexDescription[],
  ttlIndex: boolean,
): Promise<ExpiryMode> {
  const existing = await connection.indexesOf(items);
  const expiry = existing.find((index) => {
    const keys = Object.keys(index.key ?? {});
    return keys.length === 1 && keys[0] === "expiresAt";
  });
  const wanted = [...indexes];
  let mode: ExpiryMode;
  if (expiry !== undefined) {
    mode = typeof expiry.expireAfterSeconds === "number" ? "ttl-index" : "sweep";
  } else {
    mode = ttlIndex ? "ttl-index" : "sweep";
    wanted.push(
      ttlIndex
        ? { key: { expiresAt: 1 }, name: EXPIRY_INDEX, expireAfterSeconds: 0 }
        : { key: { expiresAt: 1 }, name: EXPIRY_INDEX },
    );
  }
  await connection.ensureIndexes(items, wanted);
  return mode;
}

/**
 * Creates the creation counter (`seq`) if missing, so that concurrent first writes of two
 * clients never race to create it (an upsert that loses such a race fails on FerretDB).
 */
export async function ensureCounter(ctx: StoreContext): Promise<void> {
  await ctx.connection.call("setup", async () => {
    try {
      await ctx.meta.updateOne({ _id: "seq" }, { $setOnInsert: { value: 0 } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  });
}

/**
 * Records the vector dimensions on first use and refuses another `dims` later: vectors
 * of different lengths cannot be compared.
 * @throws WeftError `INVALID_CONFIG` when the stored vectors have other dimensions.
 */
export async function checkDims(ctx: StoreContext, dims: number): Promise<void> {
  const { meta, connection } = ctx;
  const stored = await connection.call("setup", async () => {
    try {
      const doc = await meta.findOneAndUpdate(
        { _id: "dims" },
        { $setOnInsert: { value: dims } },
        { upsert: true, returnDocument: "after" },
      );
      return doc?.value ?? dims;
    } catch (error) {
      // Two stores set up at once: the other one inserted it first.
      if (!isDuplicateKeyError(error)) throw error;
      return (await meta.findOne({ _id: "dims" }))?.value ?? dims;
    }
  });
  if (stored !== dims) {
    throw new WeftError(
      "INVALID_CONFIG",
      `The MongoDB store "${ctx.items.collectionName}" in database "${ctx.items.dbName}" holds ` +
        `${stored}-dimensional vectors but index.dims is ${dims}. Use the embedding model the ` +
        "store was built with, or another collection.",
      { details: { collection: ctx.items.collectionName, stored, dims } },
    );
  }
}
