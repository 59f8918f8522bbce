// Long-term memory with search, offline: run with
//   node --conditions=@weft/source examples/semantic-search.ts
// HashingEmbeddings is lexical (shared words and word pieces), so queries here reuse
// words of the memories. Swap in OpenAIEmbeddings for search by meaning.

import { HashingEmbeddings, InMemoryStore } from "@weft/store";

const store = new InMemoryStore({
  index: {
    embeddings: new HashingEmbeddings({ dims: 256 }),
    dims: 256,
    fields: ["text", "tags[*]"],
  },
  ttl: { defaultTtl: 60 * 24 * 30 }, // memories fade after 30 days unless read
});

const ns = ["user_123", "memories"];
await store.put(ns, "1", { text: "I love pizza with extra cheese", tags: ["food"], year: 2023 });
await store.put(ns, "2", { text: "I work as a plumber in Turin", tags: ["work"], year: 2024 });
await store.put(ns, "3", { text: "My sister lives in Lisbon", tags: ["family"], year: 2024 });
await store.put(ns, "4", { text: "Allergic to peanuts", tags: ["food", "health"], year: 2022 });
// Kept and filterable, but never embedded:
await store.put(ns, "5", { text: "last sync: 2024-06-01" }, { index: false, ttl: null });

console.log("query 'pizza cheese':");
for (const item of await store.search(ns, { query: "pizza cheese", limit: 2 })) {
  console.log(`  ${item.score?.toFixed(3)}  ${item.value.text}`);
}

console.log("query 'food', only memories from 2023 on:");
for (const item of await store.search(ns, {
  query: "food",
  filter: { year: { $gte: 2023 } },
  limit: 2,
})) {
  console.log(`  ${item.score?.toFixed(3) ?? "  -  "}  ${item.value.text}`);
}

console.log("namespaces:", await store.listNamespaces({ maxDepth: 1 }));
