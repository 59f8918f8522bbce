import { describeStoreConformance, requireService } from "@weft/conformance";
import { Redis } from "ioredis";
import { afterAll, describe } from "vitest";
import { RedisStore } from "../src/store.ts";
import { deleteKeys, REDIS_SERVICE, REDIS_URL, testPrefix } from "./redis-fixtures.ts";

const redis = await requireService(REDIS_SERVICE);
const url = REDIS_URL;

describe.skipIf(!redis.available)("RedisStore", () => {
  const client = redis.available ? new Redis(url) : undefined;
  afterAll(() => client?.quit());
  const prefixes = new WeakMap<RedisStore, string>();

  describeStoreConformance({
    name: "RedisStore (shared client, vector mirror)",
    create: (options) => {
      const keyPrefix = testPrefix("store");
      const store = new RedisStore({ ...options, client, keyPrefix });
      prefixes.set(store, keyPrefix);
      return store;
    },
    teardown: async (store) => {
      await store.close();
      await deleteKeys(client!, prefixes.get(store)!);
    },
    supportsVectors: true,
  });

  describeStoreConformance({
    name: "RedisStore (fromUrl, own connection, vector scan)",
    create: (options) => RedisStore.fromUrl(url, { ...options, keyPrefix: testPrefix("store") }),
    teardown: async (store) => {
      await store.close();
      await deleteKeys(client!, store.keyPrefix);
    },
    supportsVectors: true,
  });
});
