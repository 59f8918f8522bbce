/**
 * Long-term memory in Redis: facts about a user, found again by meaning (vector search),
 * narrowed by a filter, with a note that expires. Every process that uses the same Redis
 * and key prefix sees the same memories; run it twice and the second run finds the note
 * the first one left.
 *
 * From packages/checkpoint-redis, with Redis at WEFT_REDIS_URL (default redis://127.0.0.1:6379):
 *   node --conditions=@weft/source examples/redis-store.ts
 */

import { RedisStore } from "@weft/checkpoint-redis";
import { HashingEmbeddings } from "@weft/store";

const url = process.env.WEFT_REDIS_URL ?? "redis://127.0.0.1:6379";
const store = await RedisStore.fromUrl(url, {
  keyPrefix: "weft-example:",
  index: { embeddings: new HashingEmbeddings({ dims: 256 }), dims: 256, fields: ["text"] },
  ttl: { refreshOnRead: false },
});

const memories = ["user_1", "memories"];
const previous = await store.get(memories, "last-run");
console.log(previous ? `last run: ${previous.value.text}` : "first run (or the note expired)");

await store.batch([
  { namespace: memories, key: "food", value: { text: "likes pizza and pasta", kind: "taste" } },
  { namespace: memories, key: "pets", value: { text: "has a cat named Miso", kind: "life" } },
  { namespace: memories, key: "work", value: { text: "works as a plumber", kind: "life" } },
]);
// Expires 10 minutes from now: a later run within that time reads it.
await store.put(memories, "last-run", { text: new Date().toISOString() }, { ttl: 10 });

for (const hit of await store.search(memories, { query: "which pasta or pizza", limit: 2 })) {
  console.log(`  ${hit.key}: ${hit.value.text} (score ${hit.score?.toFixed(3)})`);
}
const life = await store.search(["user_1"], { filter: { kind: "life" } });
console.log(`about their life: ${life.map((item) => item.key).join(", ")}`);
console.log(`namespaces: ${JSON.stringify(await store.listNamespaces())}`);
await store.close();
