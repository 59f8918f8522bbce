import { describeStoreConformance } from "@weft/conformance";
import { describe } from "vitest";
import { MongoDBStore } from "../src/store.ts";
import { freshDbName, MONGODB_URL, requireMongo } from "./fixtures/mongodb.ts";

const mongodb = await requireMongo();

describe.skipIf(!mongodb.available)("MongoDBStore", () => {
  describeStoreConformance({
    name: "MongoDBStore",
    create: (options) =>
      MongoDBStore.fromConnString(MONGODB_URL, { ...options, dbName: freshDbName() }),
    teardown: async (store) => {
      await store.connection.db.dropDatabase();
      await store.close();
    },
    supportsVectors: true,
  });
});
