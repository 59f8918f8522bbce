/**
 * One benchmark child process: measures one scenario variant on one library and prints
 * a {@link ChildResult} as JSON on stdout. Progress dots go to stderr.
 *
 * Usage: node --conditions=@weft/source child.ts '<ChildRequest as JSON>'
 */
import { runCleanups } from "./libs/cleanup.ts";
import { loadLib } from "./libs/load-lib.ts";
import { measure } from "./measure.ts";
import type { ChildRequest, ChildResult } from "./protocol.ts";
import { findScenario } from "./scenarios/index.ts";

const request = JSON.parse(process.argv[2] ?? "{}") as ChildRequest;
const scenario = findScenario(request.scenario);
const variant = scenario?.variants.find((v) => v.id === request.variant);
if (!scenario || !variant) {
  console.error(`unknown scenario/variant: ${request.scenario}/${request.variant}`);
  process.exit(2);
}

const lib = await loadLib(request.lib);
const measurement = await measure(scenario, lib, variant, request.counts, (warmup) =>
  process.stderr.write(warmup ? "·" : "•"),
);
await runCleanups();
const result: ChildResult = {
  ...measurement,
  // resourceUsage().maxRSS is in kilobytes.
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
