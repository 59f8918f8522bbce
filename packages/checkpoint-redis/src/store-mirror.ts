import { hasNamespacePrefix, VectorIndex, VectorSearch } from "@weft/store";
import type { ItemRow } from "./store-rows.ts";
import { blobToFloats } from "./store-vectors.ts";

/** An item of the mirror: what ranking needs, without its value. */
export interface MirrorItem {
  id: string;
  seq: number;
  namespace: readonly string[];
  slots: number[];
}

/** What the mirror reads from Redis to catch up. */
export interface MirrorSource {
  /** The vector changes since `version` (see `STORE_VECTOR_CHANGES`). */
  changes(version: number): Promise<{
    version: number;
    reload: boolean;
    gone: string[];
    changed: string[];
  }>;
  /** Items by id with their embeddings, expired ones included; null where missing. */
  fetch(ids: string[]): Promise<(ItemRow | null)[]>;
  /** Every item with its embeddings, page by page (expired ones included). */
  scanAll(after: number): Promise<{ rows: ItemRow[]; last: number; done: boolean }>;
}

/** Items fetched per call while catching up. */
const FETCH_CHUNK = 256;

/**
 * A copy of the store's vectors in process memory, so that a `query` search scores them
 * with the SIMD kernel of `@weft/store` instead of moving every vector out of Redis.
 *
 * Redis keeps a version of the vectors and, per item, the version that last wrote or
 * removed them; before each search the mirror asks what changed since its version and
 * reads only those items (a copy too old for the tombstones kept reads everything again).
 * Items are checked again in Redis (alive, filter) before they are returned, so a copy
 * that is behind by a concurrent write can only mis-rank for that one search.
 */
export class VectorMirror {
  #version = -1;
  readonly #dims: number;
  #index: VectorIndex;
  readonly #items = new Map<string, MirrorItem>();
  /** One array per namespace, so that items of a namespace compare by identity. */
  readonly #namespaces = new Map<string, readonly string[]>();
  #syncing: Promise<void> | undefined;

  constructor(dims: number) {
    this.#dims = dims;
    this.#index = new VectorIndex(dims);
  }

  /** The version of the vectors this copy reflects (-1 before the first sync). */
  get version(): number {
    return this.#version;
  }

  /** Number of items with vectors held. */
  get size(): number {
    return this.#items.size;
  }

  /** Catches up with Redis; concurrent callers share one round of reads. */
  sync(source: MirrorSource): Promise<void> {
    this.#syncing ??= this.#sync(source).finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  /**
   * A search over the items under `prefix`: offer every candidate, then take the top.
   * Ties go to the older item (smaller seq).
   */
  search(query: ArrayLike<number>, prefix: readonly string[]): VectorSearch<MirrorItem> {
    const search = new VectorSearch<MirrorItem>(this.#index, query);
    let namespace: readonly string[] | undefined;
    let under = false;
    for (const item of this.#items.values()) {
      if (item.namespace !== namespace) {
        namespace = item.namespace;
        under = hasNamespacePrefix(namespace, prefix);
      }
      if (!under) continue;
      for (const slot of item.slots) search.add(item, item.seq, slot);
    }
    return search;
  }

  async #sync(source: MirrorSource): Promise<void> {
    const { version, reload, gone, changed } = await source.changes(this.#version);
    if (version === this.#version) return;
    if (reload) {
      // Changes made while paging have a newer version: the next sync reads them again.
      this.#clear();
      let after = 0;
      for (;;) {
        const page = await source.scanAll(after);
        for (const row of page.rows) this.#upsert(row);
        if (page.done) break;
        after = page.last;
      }
    } else {
      for (const id of gone) this.#remove(id);
      for (let i = 0; i < changed.length; i += FETCH_CHUNK) {
        const ids = changed.slice(i, i + FETCH_CHUNK);
        const rows = await source.fetch(ids);
        rows.forEach((row, j) => {
          if (row === null) this.#remove(ids[j]!);
          else this.#upsert(row);
        });
      }
    }
    this.#version = version;
  }

  #upsert(row: ItemRow): void {
    this.#remove(row.id);
    if (row.embeddings.length === 0) return;
    const slots = row.embeddings.map((blob) => this.#index.add(blobToFloats(blob, this.#dims)));
    this.#items.set(row.id, {
      id: row.id,
      seq: row.seq,
      namespace: this.#intern(row.namespace),
      slots,
    });
  }

  #remove(id: string): void {
    const item = this.#items.get(id);
    if (item === undefined) return;
    for (const slot of item.slots) this.#index.remove(slot);
    this.#items.delete(id);
  }

  #clear(): void {
    this.#items.clear();
    this.#namespaces.clear();
    this.#index = new VectorIndex(this.#dims);
  }

  #intern(namespace: string[]): readonly string[] {
    const key = namespace.join(".");
    let shared = this.#namespaces.get(key);
    if (shared === undefined) {
      shared = namespace;
      this.#namespaces.set(key, shared);
    }
    return shared;
  }
}
