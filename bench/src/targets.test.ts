import { describe, expect, it } from "vitest";
import type { CaseResult, Row } from "./results.ts";
import { judgeMemory, judgeTargets } from "./targets.ts";

function row(scenario: string, metric: string, fields: Partial<Row>): Row {
  const base: Row = {
    scenario,
    variant: { id: "none", label: "no checkpointer" },
    metric,
    label: metric,
    unit: "ms",
    better: "lower",
  };
  return { ...base, ...fields };
}

const stat = (median: number) => ({ median, best: median, n: 1 });

describe("judgeTargets", () => {
  it("holds seq_chain without a saver to 5× and with a saver to 3×", () => {
    const none = row("seq_chain", "invoke", { speedup: 4 });
    const memory = row("seq_chain", "invoke", {
      variant: { id: "memory", label: "MemorySaver", saver: "memory" },
      speedup: 4,
    });
    const judged = judgeTargets([none, memory]);
    expect(judged.map((t) => [t.goal, t.met])).toEqual([
      ["≥5×", false],
      ["≥3×", true],
    ]);
  });

  it("judges messages_loop growth on Weft's own figure, not on the delta rows", () => {
    const variant = {
      id: "memory",
      label: "MemorySaver",
      saver: "memory",
      messages: "default" as const,
    };
    const growth = row("messages_loop", "growth", { variant, weft: stat(1.2), peer: stat(9) });
    const delta = row("messages_loop", "growth", {
      variant: { ...variant, id: "memory-delta", messages: "delta" },
      weft: stat(9),
    });
    const judged = judgeTargets([growth, delta]);
    expect(judged).toHaveLength(1);
    expect(judged[0]).toMatchObject({ goal: "≤1.3", figure: 1.2, met: true });
  });

  it("holds store_search queries to 5× on the in-memory stores only", () => {
    const memory = { id: "memory", label: "InMemoryStore", store: "memory" as const };
    const sqlite = { id: "sqlite-vec", label: "SqliteStore", store: "sqlite-vec" as const };
    const judged = judgeTargets([
      row("store_search", "query", { variant: memory, speedup: 6 }),
      row("store_search", "filtered", { variant: memory, speedup: 3 }),
      row("store_search", "put", { variant: memory, speedup: 9 }),
      row("store_search", "query", { variant: sqlite, speedup: 0.5 }),
    ]);
    expect(judged.map((t) => [t.row.metric, t.goal, t.met])).toEqual([
      ["query", "≥5×", true],
      ["filtered", "≥5×", false],
    ]);
  });

  it("counts a failed side as missed", () => {
    expect(judgeTargets([row("seq_chain", "invoke", {})])[0]?.met).toBe(false);
  });

  it("leaves out a variant the peer cannot run here", () => {
    const redis = {
      id: "redis",
      label: "RedisSaver",
      saver: "redis",
      unavailable: { peer: "needs Redis Stack" },
    };
    expect(judgeTargets([row("seq_chain", "invoke", { variant: redis, speedup: 1 })])).toEqual([]);
  });
});

describe("judgeMemory", () => {
  it("wants Weft's peak RSS below the peer's", () => {
    const result = (weft: number, peer: number): CaseResult => ({
      scenario: "seq_chain",
      variant: { id: "none", label: "no checkpointer" },
      sides: { weft: { samples: {}, peakRssMb: weft }, peer: { samples: {}, peakRssMb: peer } },
    });
    expect(judgeMemory([result(90, 190), result(300, 250)]).map((m) => m.met)).toEqual([
      true,
      false,
    ]);
  });

  it("leaves out a case whose peer side could not run here", () => {
    const weftOnly: CaseResult = {
      scenario: "saver_raw",
      variant: { id: "redis", label: "RedisSaver", saver: "redis" },
      sides: { weft: { samples: {}, peakRssMb: 90 }, peer: { unavailable: "needs Redis Stack" } },
    };
    expect(judgeMemory([weftOnly])).toEqual([]);
  });
});
