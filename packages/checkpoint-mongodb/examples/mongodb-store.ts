// Long-term memory in MongoDB, with filters and semantic search. Start a server first
// (from the repo root: `bash scripts/services/ferretdb.sh start`), then run
//   node --conditions=@weft/source examples/mongodb-store.ts
// WEFT_MONGODB_URL points it elsewhere. HashingEmbeddings is lexical (shared words and
// word pieces), so queries here reuse words of the memories; swap in OpenAIEmbeddings
// for search by meaning.

import { MongoDBStore } from "@weft/checkpoint-mongodb";
import { HashingEmbeddings } from "@weft/store";

const url = process.env.WEFT_MONGODB_URL ?? "mongodb://127.0.0.1:27017/?directConnection=true";
const store = MongoDBStore.fromConnString(url, {
  dbName: "weft_example_store",
  index: { embeddings: new HashingEmbeddings({ dims: 256 }), dims: 256, fields: ["text"] },
  ttl: { defaultTtl: 60 * 24 * 30, sweepIntervalMinutes: 60 }, // memories fade after 30 days
});

try {
  await store.setup(); // optional: fails fast with the address if no server answers
  console.log(`connected to ${store.connection.address}; expired items go by ${store.expiry}`);

  const ns = ["user_123", "memories"];
  await store.batch([
    { namespace: ns, key: "1", value: { text: "I love pizza with extra cheese", year: 2023 } },
    { namespace: ns, key: "2", value: { text: "I work as a plumber in Turin", year: 2024 } },
    { namespace: ns, key: "3", value: { text: "Allergic to peanuts and cheese", year: 2022 } },
  ]);
  // Kept and filterable, never embedded, never expires:
  await store.put(
    ns,
    "sync",
    { text: "last sync: 2024-06-01", kind: "meta" },
    {
      index: false,
      ttl: null,
    },
  );

  console.log("query 'pizza cheese':");
  for (const item of await store.search(ns, { query: "pizza cheese", limit: 2 })) {
    console.log(`  ${item.score?.toFixed(3)}  ${item.value.text}`);
  }
  console.log("query 'cheese', only memories from 2023 on (the filter runs in MongoDB):");
  for (const item of await store.search(ns, {
    query: "cheese",
    filter: { year: { $gte: 2023 } },
  })) {
    console.log(`  ${item.score?.toFixed(3)}  ${item.value.text}`);
  }
  console.log("namespaces:", await store.listNamespaces({ maxDepth: 1 }));
} finally {
  await store.connection.db.dropDatabase(); // a demo: leave nothing behind
  await store.close();
}
