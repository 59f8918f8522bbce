import { describe, expect, it } from "vitest";
import { BaseCheckpointSaver } from "./base-saver.ts";
import { emptyCheckpoint } from "./checkpoint.ts";
import { JsonSerializer } from "./serde/json-serializer.ts";
import type { SerializerProtocol } from "./serde/protocol.ts";
import type { CheckpointTuple, RunnableConfig } from "./types.ts";

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
}

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
