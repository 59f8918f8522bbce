import { describe, expect, it } from "vitest";
import { BaseCheckpointSaver } from "./base-saver.ts";
import { emptyCheckpoint } from "./checkpoint.ts";
import { JsonSerializer } from "./serde/json-serializer.ts";
import type { SerializerProtocol } from "./serde/protocol.ts";
import type {
  BaseCheckpointSaverOptions,
  CheckpointTuple,
  PruneResult,
  RunnableConfig,
} from "./types.ts";

/** The smallest saver: one fixed tuple. */
class FixedSaver extends BaseCheckpointSaver {
  tuple: CheckpointTuple | undefined;
  constructor(tuple?: CheckpointTuple, serde?: SerializerProtocol) {
    super(serde);
    this.tuple = tuple;
  }
  async getTuple(): Promise<CheckpointTuple | undefined> {
    return this.tuple;
  }
  async *list(): AsyncGenerator<CheckpointTuple> {}
  async put(config: RunnableConfig): Promise<RunnableConfig> {
    return config;
  }
  async putWrites(): Promise<void> {}
  async deleteThread(): Promise<void> {}
  protected async deleteCheckpoints(): Promise<PruneResult> {
    return { checkpoints: 0, writes: 0 };
  }
}

/**
 * A saver over a flat array of tuples that implements only what the base asks for, so
 * the generic `prune` is what runs. Also exposes the protected TTL helpers.
 */
class ArraySaver extends BaseCheckpointSaver {
  tuples: CheckpointTuple[] = [];
  constructor(options?: BaseCheckpointSaverOptions) {
    super(options);
  }
  async getTuple(): Promise<CheckpointTuple | undefined> {
    return undefined;
  }
  async *list(config: RunnableConfig): AsyncGenerator<CheckpointTuple> {
    const threadId = config.configurable?.thread_id;
    const sorted = [...this.tuples].sort((a, b) =>
      a.checkpoint.id < b.checkpoint.id ? 1 : a.checkpoint.id > b.checkpoint.id ? -1 : 0,
    );
    for (const tuple of sorted) {
      if (threadId === undefined || tuple.config.configurable?.thread_id === threadId) yield tuple;
    }
  }
  async put(): Promise<RunnableConfig> {
    return {};
  }
  async putWrites(): Promise<void> {}
  async deleteThread(): Promise<void> {}
  deleted: [string, string, string[]][] = [];
  protected async deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    ids: readonly string[],
  ): Promise<PruneResult> {
    this.deleted.push([threadId, checkpointNs, [...ids]]);
    let writes = 0;
    this.tuples = this.tuples.filter((t) => {
      const c = t.config.configurable!;
      const gone =
        c.thread_id === threadId &&
        c.checkpoint_ns === checkpointNs &&
        ids.includes(t.checkpoint.id);
      if (gone) writes += t.pendingWrites?.length ?? 0;
      return !gone;
    });
    return { checkpoints: 0, writes }; // checkpoints recounted by the test through `deleted`
  }
  add(threadId: string, checkpointNs: string, id: string, ts: string, writes = 0): void {
    this.tuples.push({
      config: {
        configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: id },
      },
      checkpoint: { ...emptyCheckpoint(), id, ts },
      pendingWrites: Array.from({ length: writes }, (_, i) => ["task", "c", i]),
    });
  }
  expired(lastAccess: number): boolean {
    return this.isThreadExpired(lastAccess);
  }
  cutoff(): number | undefined {
    return this.threadExpiryCutoff();
  }
  rule(options: Parameters<BaseCheckpointSaver["prune"]>[1]) {
    return this.pruneRule(options ?? {});
  }
}

const ts = (day: number) => new Date(Date.UTC(2025, 0, day)).toISOString();

describe("BaseCheckpointSaver", () => {
  it("get returns the checkpoint of getTuple, or undefined", async () => {
    const checkpoint = emptyCheckpoint();
    expect(await new FixedSaver({ config: {}, checkpoint }).get({})).toBe(checkpoint);
    expect(await new FixedSaver().get({})).toBeUndefined();
  });

  it("counts channel versions up from 1", () => {
    const saver = new FixedSaver();
    expect(saver.getNextVersion(undefined)).toBe(1);
    expect(saver.getNextVersion(1)).toBe(2);
    expect(saver.getNextVersion(41)).toBe(42);
  });

  it("uses the Weft JSON serializer unless given one", () => {
    expect(new FixedSaver().serde).toBeInstanceOf(JsonSerializer);
    const custom: SerializerProtocol = {
      dumpsTyped: async () => ["x", new Uint8Array()],
      loadsTyped: async () => null,
    };
    expect(new FixedSaver(undefined, custom).serde).toBe(custom);
  });
});

describe("BaseCheckpointSaver options", () => {
  it("takes an options object with serde, threadTtl and a clock", () => {
    const serde = new JsonSerializer();
    let now = 1_000;
    const saver = new ArraySaver({ serde, threadTtl: { ttlMs: 100 }, now: () => now });
    expect(saver.serde).toBe(serde);
    expect(saver.expired(950)).toBe(false);
    expect(saver.expired(900)).toBe(true); // exactly ttlMs old counts as expired
    expect(saver.cutoff()).toBe(900);
    now = 2_000;
    expect(saver.expired(950)).toBe(true);
  });

  it("never expires a thread without a TTL", () => {
    const saver = new ArraySaver();
    expect(saver.expired(0)).toBe(false);
    expect(saver.cutoff()).toBeUndefined();
  });

  it("rejects a TTL that is not a positive number", () => {
    for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new ArraySaver({ threadTtl: { ttlMs } })).toThrow(
        expect.objectContaining({ code: "INVALID_CONFIG" }),
      );
    }
  });

  it("sweeps nothing by default", async () => {
    expect(await new ArraySaver({ threadTtl: { ttlMs: 5 } }).sweep()).toEqual({ threads: 0 });
  });
});

describe("BaseCheckpointSaver.pruneRule", () => {
  const saver = new ArraySaver();

  it("keeps only the newest by default, and never fewer than one", () => {
    const rule = saver.rule({});
    expect(rule.keepLast).toBe(1);
    expect(rule.removes(0, ts(1))).toBe(false);
    expect(rule.removes(1, ts(1))).toBe(true);
    expect(saver.rule({ keepLast: 0 }).removes(0, ts(1))).toBe(false);
  });

  it("combines keepLast and olderThan with AND", () => {
    const rule = saver.rule({ keepLast: 2, olderThan: new Date(ts(10)) });
    expect(rule.olderThan).toBe(Date.parse(ts(10)));
    expect(rule.removes(1, ts(1))).toBe(false); // old but among the newest two
    expect(rule.removes(2, ts(11))).toBe(false); // beyond two but recent
    expect(rule.removes(2, ts(9))).toBe(true);
    expect(rule.removes(2, "not a date")).toBe(false);
    expect(saver.rule({ olderThan: Date.parse(ts(10)) }).removes(1, ts(9))).toBe(true);
  });

  it("rejects bad options with INVALID_CONFIG", () => {
    for (const options of [
      { keepLast: -1 },
      { keepLast: 1.5 },
      { olderThan: Number.NaN },
      { olderThan: new Date("nope") },
      { olderThan: "2025-01-01" as unknown as number },
    ]) {
      expect(() => saver.rule(options)).toThrow(
        expect.objectContaining({ code: "INVALID_CONFIG" }),
      );
    }
  });
});

describe("BaseCheckpointSaver.prune (generic, over list + deleteCheckpoints)", () => {
  function seeded(): ArraySaver {
    const saver = new ArraySaver();
    for (let i = 1; i <= 4; i++) saver.add("a", "", `a-root-${i}`, ts(i), 1);
    for (let i = 1; i <= 2; i++) saver.add("a", "child:1", `a-sub-${i}`, ts(i));
    for (let i = 1; i <= 3; i++) saver.add("b", "", `b-root-${i}`, ts(i), 2);
    return saver;
  }
  const ids = (saver: ArraySaver) => saver.tuples.map((t) => t.checkpoint.id).sort();

  it("keeps the newest of every thread and namespace by default", async () => {
    const saver = seeded();
    const removed = await saver.prune();
    expect(ids(saver)).toEqual(["a-root-4", "a-sub-2", "b-root-3"]);
    expect(removed.writes).toBe(3 + 2 * 2);
  });

  it("prunes only the given threads, keepLast per namespace", async () => {
    const saver = seeded();
    await saver.prune(["a", "a"], { keepLast: 2 });
    expect(ids(saver)).toEqual([
      "a-root-3",
      "a-root-4",
      "a-sub-1",
      "a-sub-2",
      "b-root-1",
      "b-root-2",
      "b-root-3",
    ]);
    expect(saver.deleted).toEqual([["a", "", ["a-root-2", "a-root-1"]]]);
  });

  it("with olderThan, removes only old checkpoints, never a head", async () => {
    const saver = seeded();
    await saver.prune(undefined, { olderThan: new Date(ts(3)) });
    expect(ids(saver)).toEqual(["a-root-3", "a-root-4", "a-sub-2", "b-root-3"]);
    await saver.prune(undefined, { olderThan: Date.parse(ts(99)), keepLast: 0 });
    expect(ids(saver)).toEqual(["a-root-4", "a-sub-2", "b-root-3"]);
  });

  it("rejects thread ids that are not non-empty strings", async () => {
    await expect(new ArraySaver().prune([""])).rejects.toMatchObject({ code: "INVALID_CONFIG" });
  });
});
