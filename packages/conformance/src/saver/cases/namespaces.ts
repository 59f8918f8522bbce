import { emptyCheckpoint } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { collect, ids, Timeline, threadConfig } from "../fixtures.ts";
import type { SaverSuiteContext } from "../options.ts";

/** Checkpoint namespaces (subgraphs) of one thread never mix. */
export function namespaceCases(ctx: SaverSuiteContext): void {
  describe("namespaces (checkpoint_ns)", () => {
    it("keeps latest checkpoint, history and writes of each namespace apart", async () => {
      const saver = await ctx.saver();
      const root = new Timeline(saver, "t", "");
      const child = new Timeline(saver, "t", "child:1");
      const grandchild = new Timeline(saver, "t", "child:1|grandchild:2");
      const r1 = await root.next({ v: "root" });
      const c1 = await child.next({ v: "child" });
      const g1 = await grandchild.next({ v: "grandchild" });
      await child.next({ v: "child 2" });
      await saver.putWrites(r1, [["v", "root write"]], "task");
      await saver.putWrites(g1, [["v", "grandchild write"]], "task");
      const latest = async (ns: string) => saver.getTuple(threadConfig("t", { checkpoint_ns: ns }));
      expect((await latest(""))?.checkpoint.channel_values).toEqual({ v: "root" });
      expect((await latest(""))?.pendingWrites).toEqual([["task", "v", "root write"]]);
      expect((await latest("child:1"))?.checkpoint.channel_values).toEqual({ v: "child 2" });
      expect((await latest("child:1"))?.pendingWrites ?? []).toEqual([]);
      expect((await latest("child:1|grandchild:2"))?.pendingWrites).toEqual([
        ["task", "v", "grandchild write"],
      ]);
      expect(await latest("child:2")).toBeUndefined();
      const childHistory = await collect(
        saver.list(threadConfig("t", { checkpoint_ns: "child:1" })),
      );
      expect(ids(childHistory)).toEqual(child.saved.map((s) => s.checkpoint.id).reverse());
      expect((await saver.getTuple(c1))?.config.configurable?.checkpoint_ns).toBe("child:1");
    });

    it("treats the same checkpoint id in two namespaces as two checkpoints", async () => {
      const saver = await ctx.saver();
      const shared = emptyCheckpoint();
      const put = (ns: string, value: string) =>
        saver.put(
          threadConfig("t", { checkpoint_ns: ns }),
          { ...shared, channel_values: { v: value }, channel_versions: { v: 1 } },
          { source: "loop", step: 0, parents: {} },
          { v: 1 },
        );
      const inRoot = await put("", "root");
      const inChild = await put("child:1", "child");
      await saver.putWrites(inChild, [["v", "child write"]], "task");
      expect((await saver.getTuple(inRoot))?.checkpoint.channel_values).toEqual({ v: "root" });
      expect((await saver.getTuple(inRoot))?.pendingWrites ?? []).toEqual([]);
      expect((await saver.getTuple(inChild))?.checkpoint.channel_values).toEqual({ v: "child" });
      expect((await saver.getTuple(inChild))?.pendingWrites).toEqual([
        ["task", "v", "child write"],
      ]);
      expect((await collect(saver.list(threadConfig("t")))).length).toBe(2);
    });
  });
}
