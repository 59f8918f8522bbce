import { afterAll, describe, expect, it } from "vitest";
import { runCleanups } from "../libs/cleanup.ts";
import { weft } from "../libs/weft.ts";
import { type AnyScenario, measuredIn, type Variant } from "../scenario.ts";
import { SCENARIOS } from "./index.ts";

/** Runs one iteration of a scenario variant on Weft at its smoke sizes. */
async function runOnce(scenario: AnyScenario, variant: Variant) {
  const iterate = await scenario.prepare(weft, variant, scenario.smokeSizes);
  return iterate();
}

// Savers on services get their own schema / key prefix / database: removed at the end,
// as a benchmark child does before it exits.
afterAll(runCleanups);

function scenario(name: string): AnyScenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
}

describe("every scenario on Weft", () => {
  const cases = SCENARIOS.flatMap((s) => s.variants.map((v) => [s.name, v.id, s, v] as const));

  it.each(cases)("%s/%s produces a correct result and every metric", async (_n, _v, s, v) => {
    const iteration = await runOnce(s, v);
    expect(s.check(iteration.output, s.smokeSizes)).toBeUndefined();
    for (const metric of s.metrics) {
      if (measuredIn(metric, v)) {
        expect(iteration.values[metric.key], metric.key).toBeGreaterThan(0);
      } else {
        expect(iteration.values[metric.key], metric.key).toBeUndefined();
      }
    }
  });
});

describe("scenario outputs", () => {
  it("seq_chain counts to 100 through 100 nodes", async () => {
    const s = scenario("seq_chain");
    const { output } = await runOnce(s, s.variants[0]!);
    expect(output).toEqual({ counter: 100 });
    expect(s.check({ counter: 99 }, s.smokeSizes)).toMatch(/expected 100/);
  });

  it("fanout_send reduces 100 Send results into one list", async () => {
    const s = scenario("fanout_send");
    const { output } = await runOnce(s, s.variants[0]!);
    const results = (output as { results: number[] }).results;
    expect([...results].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i * 2),
    );
    expect(s.check({ results: results.slice(1) }, s.smokeSizes)).toBeDefined();
  });

  it("messages_loop ends with 500 alternating messages and one cost per step", async () => {
    const s = scenario("messages_loop");
    const { output, series } = await runOnce(s, s.variants[0]!);
    const messages = (output as { messages: { type: string }[] }).messages;
    expect(messages).toHaveLength(500);
    expect(messages.slice(0, 3).map((m) => m.type)).toEqual(["human", "ai", "tool"]);
    expect(series).toHaveLength(499);
    expect(s.check({ messages: messages.slice(0, 499) }, s.smokeSizes)).toMatch(/499 messages/);
  });

  it("messages_loop on SQLite reports the size of its database file", async () => {
    const s = scenario("messages_loop");
    const sqlite = s.variants.find((v) => v.id === "sqlite");
    if (!sqlite) throw new Error("no messages_loop/sqlite variant");
    const { values } = await runOnce(s, sqlite);
    // 500 messages of ~150 characters each are in the file, at least once.
    expect(values.dbBytes).toBeGreaterThan(500 * 150);
    expect(values.bytesPerMessage).toBe(values.dbBytes! / 500);
  });

  it("stream_custom delivers every custom event in order", async () => {
    const s = scenario("stream_custom");
    const { output } = await runOnce(s, s.variants[0]!);
    expect(output).toEqual({ count: 1000, last: { i: 999 } });
  });

  it("state_history walks one snapshot per checkpoint of the thread", async () => {
    const s = scenario("state_history");
    const { output } = await runOnce(s, s.variants[0]!);
    expect((output as { snapshots: number }).snapshots).toBe(101);
  });

  it("saver_raw reads back and lists every checkpoint it put", async () => {
    const s = scenario("saver_raw");
    const { output } = await runOnce(s, s.variants[0]!);
    expect(output).toEqual({ put: 200, got: 200, listed: 200 });
  });
});
