import { describe, expect, it } from "vitest";
import { parseCli } from "./cli-args.ts";
import { planJobs } from "./plan.ts";
import { SCENARIOS } from "./scenarios/index.ts";

describe("planJobs", () => {
  it("runs Weft then the peer for every variant of the selected scenarios", () => {
    const jobs = planJobs(SCENARIOS, parseCli(["--filter", "seq_chain"]));
    expect(jobs.map((j) => `${j.variant.id}:${j.lib}`)).toEqual([
      "none:weft",
      "none:peer",
      "memory:weft",
      "memory:peer",
      "sqlite:weft",
      "sqlite:peer",
    ]);
  });

  it("selects single variants, lowers counts with --quick and honours --iterations", () => {
    const jobs = planJobs(
      SCENARIOS,
      parseCli([
        "--quick",
        "--iterations",
        "4",
        "--filter",
        "messages_loop/memory-delta,store_search/sqlite-vec",
      ]),
    );
    expect(jobs.map((j) => `${j.scenario.name}/${j.variant.id}:${j.lib}`)).toEqual([
      "messages_loop/memory-delta:weft",
      "messages_loop/memory-delta:peer",
      "store_search/sqlite-vec:weft",
      "store_search/sqlite-vec:peer",
    ]);
    expect(jobs[0]?.counts).toEqual({ warmup: 1, measured: 4 });
  });

  it("rejects a filter that selects nothing and a bad iteration count", () => {
    expect(() => planJobs(SCENARIOS, parseCli(["--filter", "nope"]))).toThrow(
      /matches no scenario/,
    );
    expect(() => parseCli(["--iterations", "0"])).toThrow(/positive integer/);
  });
});
