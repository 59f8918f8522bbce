import { parseArgs } from "node:util";
import { SCENARIOS } from "./scenarios/index.ts";

/** What the command line asked for. */
export interface CliOptions {
  /** Print usage and exit. */
  help: boolean;
  /** One warm-up and two measured iterations per case: a smoke run. @default false */
  quick: boolean;
  /** `scenario` or `scenario/variant` selectors; empty = everything. */
  filter: string[];
  /** Measured iterations per case, overriding the scenario's own count. */
  iterations?: number;
}

/** The `--help` text. */
export function usage(): string {
  const names = SCENARIOS.map((s) => `  ${s.name.padEnd(15)} ${s.summary}`).join("\n");
  return `Usage: pnpm bench [--quick] [--filter <scenario>[/<variant>]]... [--iterations <n>]

Runs each scenario on Weft and on @langchain/langgraph, each case in its own child process
(same Node binary, same flags), prints medians, bests and the speed-up, peak RSS and the
targets, and writes bench/results/latest.json and bench/results/messages-loop.svg.

Options:
  --quick            1 warm-up + 2 measured iterations per case (a smoke run)
  --filter <name>    only this scenario (or scenario/variant); repeat or comma-separate
  --iterations <n>   measured iterations per case (default: the scenario's own)
  --help             this text

Scenarios:
${names}
`;
}

/** Parses `argv` (without the node and script paths). Throws on unknown options. */
export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: "boolean", short: "h", default: false },
      quick: { type: "boolean", default: false },
      filter: { type: "string", multiple: true, default: [] },
      iterations: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const iterations = values.iterations === undefined ? undefined : Number(values.iterations);
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations > 0)) {
    throw new Error(`--iterations must be a positive integer, got "${values.iterations}"`);
  }
  return {
    help: values.help,
    quick: values.quick,
    filter: values.filter.flatMap((f) => f.split(",")).filter(Boolean),
    iterations,
  };
}
