// Public API of @weft/store. Every export is named; see README.md for what each is for.

export { BaseStore } from "./base-store.ts";
export { type BatchWrites, batchWrites } from "./batch-writes.ts";
// For backend authors: the shared rules every store applies the same way.
export {
  embedQueries,
  embedTexts,
  type ResolvedIndexConfig,
  resolveIndexConfig,
  toEmbeddings,
} from "./embeddings.ts";
export {
  applyOperator,
  compileFilter,
  FILTER_OPERATORS,
  type FilterOperator,
  getValueAtPath,
  isOperatorObject,
  matchesFilter,
} from "./filter.ts";
export { HashingEmbeddings, type HashingEmbeddingsOptions } from "./hashing-embeddings.ts";
export { InMemoryStore, type InMemoryStoreOptions, MemoryStore } from "./in-memory-store.ts";
export {
  DEFAULT_INDEX_FIELDS,
  extractIndexEntries,
  type IndexEntry,
  planIndexUpdate,
  resolveIndexFields,
  type SerializedPut,
  serializePut,
} from "./index-plan.ts";
export { getTextAtPath, type PathToken, tokenizePath } from "./json-path.ts";
export {
  compareNamespaces,
  hasNamespacePrefix,
  listNamespacesFrom,
  matchesCondition,
} from "./namespaces.ts";
export {
  EmbeddingsError,
  OpenAIEmbeddings,
  type OpenAIEmbeddingsOptions,
} from "./openai-embeddings.ts";
export { TopK } from "./top-k.ts";
export {
  effectiveTtl,
  expiresAt,
  isExpired,
  type ResolvedTtlConfig,
  resolveTtlConfig,
  shouldRefresh,
  TtlSweeper,
} from "./ttl.ts";
export type {
  Embeddings,
  EmbedFunction,
  GetOperation,
  GetOptions,
  IndexConfig,
  Item,
  ListNamespacesOperation,
  ListNamespacesOptions,
  MatchCondition,
  NameSpacePath,
  NamespaceMatchType,
  Operation,
  OperationResults,
  PutOperation,
  PutOptions,
  SearchItem,
  SearchOperation,
  SearchOptions,
  StoreOptions,
  TtlConfig,
} from "./types.ts";
export {
  InvalidNamespaceError,
  type OperationKind,
  operationKind,
  RESERVED_ROOT,
  StoreInputError,
  validateKey,
  validateNamespace,
  validateOperations,
  validateValue,
} from "./validate.ts";
export { wasmKernelAvailable } from "./vector-buffer.ts";
export { VectorIndex, type VectorIndexOptions } from "./vector-index.ts";
export { cosineSimilarity, writeNormalized } from "./vector-math.ts";
export { VectorSearch } from "./vector-search.ts";
