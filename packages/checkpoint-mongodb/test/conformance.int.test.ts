import { describeSaverConformance } from "@weft/conformance";
import { describe } from "vitest";
import { MongoDBSaver } from "../src/saver.ts";
import { freshDbName, MONGODB_URL, requireMongo } from "./fixtures/mongodb.ts";

const mongodb = await requireMongo();

describe.skipIf(!mongodb.available)("MongoDBSaver", () => {
  describeSaverConformance({
    name: "MongoDBSaver",
    create: ({ threadTtl, now }) =>
      MongoDBSaver.fromConnString(MONGODB_URL, { dbName: freshDbName(), threadTtl, now }),
    // FerretDB 1.x on SQLite (the local test server) commits every write to disk on its
    // own and uses no index but `_id`: the 1,000-thread case takes minutes there on a busy
    // machine. MongoDB needs far less; WEFT_MONGODB_SLOW_TIMEOUT overrides.
    slowTimeout: Number(process.env.WEFT_MONGODB_SLOW_TIMEOUT ?? 300_000),
    teardown: async (saver) => {
      await saver.connection.db.dropDatabase();
      await saver.close();
    },
  });
});
