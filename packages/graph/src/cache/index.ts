export { BaseCache, type CacheKey, type CachePolicy, defaultCacheKey } from "./base-cache.ts";
export { InMemoryCache, type InMemoryCacheOptions } from "./in-memory-cache.ts";
