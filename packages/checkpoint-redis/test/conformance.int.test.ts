import { describeSaverConformance, requireService } from "@weft/conformance";
import { afterAll, describe } from "vitest";
import { RedisConnection } from "../src/connection.ts";
import { RedisSaver } from "../src/saver.ts";
import { deleteKeys, REDIS_SERVICE, REDIS_URL, testPrefix } from "./redis-fixtures.ts";

const redis = await requireService(REDIS_SERVICE);
// One connection for every saver of the suite; each saver gets its own key prefix.
const connection = redis.available ? await RedisConnection.fromUrl(REDIS_URL) : undefined;
afterAll(() => connection?.close());

describe.skipIf(!redis.available)("RedisSaver", () => {
  describeSaverConformance({
    name: "RedisSaver",
    create: (options) =>
      new RedisSaver({ ...options, connection, keyPrefix: testPrefix("saver-conformance") }),
    teardown: (saver) => deleteKeys(saver.connection.client, saver.keyPrefix),
  });
});
