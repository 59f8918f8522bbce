import { emptyCheckpoint, JsonSerializer, WeftError } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import {
  type CheckpointHeader,
  decodeTuple,
  encodeHeader,
  type LoadedCheckpoint,
  packRecord,
  unpackRecord,
  unpackValue,
} from "./saver-records.ts";

describe("saver records", () => {
  it("packs strings and bytes and reads them back", () => {
    const data = new Uint8Array([0, 1, 2, 255]);
    const record = packRecord(["task ✓", "", "weft-json/1"], data);
    const { texts, data: read } = unpackRecord(record, 3);
    expect(texts).toEqual(["task ✓", "", "weft-json/1"]);
    expect(Object.getPrototypeOf(read)).toBe(Uint8Array.prototype);
    expect([...read]).toEqual([...data]);
    expect(unpackValue(packRecord(["bytes"], new Uint8Array()))).toEqual({
      type: "bytes",
      data: new Uint8Array(),
    });
  });

  it("refuses a record too short for its strings", () => {
    const record = packRecord(["type"], new Uint8Array([1]));
    for (const damaged of [record.subarray(0, 3), record.subarray(0, 6)]) {
      let error: unknown;
      try {
        unpackRecord(damaged, 1);
      } catch (caught) {
        error = caught;
      }
      expect(WeftError.hasCode(error, "SAVER_ERROR")).toBe(true);
    }
  });

  it("decodes a loaded checkpoint into a tuple in value-map order", async () => {
    const serde = new JsonSerializer();
    const checkpoint = { ...emptyCheckpoint(), channel_versions: { b: 2, a: 1 } };
    const header = JSON.parse(encodeHeader(checkpoint, "parent-id")) as CheckpointHeader;
    const [mt, md] = await serde.dumpsTyped({ source: "loop", step: 3, parents: {} });
    const [wt, wd] = await serde.dumpsTyped({ x: 1 });
    const loaded: LoadedCheckpoint = {
      threadId: "t",
      checkpointNs: "ns",
      checkpointId: checkpoint.id,
      header,
      metadata: packRecord([mt], md),
      refs: { b: checkpoint.id, a: "older" },
      writes: [packRecord(["task", "a", wt], wd)],
    };
    const values = await Promise.all([serde.dumpsTyped("bee"), serde.dumpsTyped(["a"])]);
    const tuple = await decodeTuple(
      serde,
      loaded,
      values.map(([type, data]) => ({ type, data })),
    );
    expect(tuple.checkpoint.channel_values).toEqual({ b: "bee", a: ["a"] });
    expect(tuple.checkpoint.channel_versions).toEqual({ b: 2, a: 1 });
    expect(tuple.metadata).toEqual({ source: "loop", step: 3, parents: {} });
    expect(tuple.pendingWrites).toEqual([["task", "a", { x: 1 }]]);
    expect(tuple.parentConfig?.configurable).toEqual({
      thread_id: "t",
      checkpoint_ns: "ns",
      checkpoint_id: "parent-id",
    });
  });
});
