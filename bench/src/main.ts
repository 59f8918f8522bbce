/**
 * `pnpm bench`: runs every scenario on Weft and on the peer, one child process per case,
 * then prints the report and writes bench/results/. See `--help`.
 */
import { relative } from "node:path";
import { parseCli, usage } from "./cli-args.ts";
import { type Job, planJobs } from "./plan.ts";
import { formatReport } from "./report/print-report.ts";
import { buildRows, type CaseResult } from "./results.ts";
import { runChild } from "./run-child.ts";
import { SCENARIOS } from "./scenarios/index.ts";
import { judgeMemory, judgeTargets } from "./targets.ts";
import { writeResults } from "./write-results.ts";

function caseFor(cases: CaseResult[], job: Job): CaseResult {
  let result = cases.find((c) => c.scenario === job.scenario.name && c.variant === job.variant);
  if (!result) {
    result = { scenario: job.scenario.name, variant: job.variant, sides: {} };
    cases.push(result);
  }
  return result;
}

async function runAll(jobs: readonly Job[]): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  const width = String(jobs.length).length;
  for (const [index, job] of jobs.entries()) {
    const { warmup, measured } = job.counts;
    process.stderr.write(
      `[${String(index + 1).padStart(width)}/${jobs.length}] ${job.scenario.name} · ${job.variant.label} · ${job.lib} (${warmup}+${measured}) `,
    );
    const start = performance.now();
    const unavailable = job.variant.unavailable?.[job.lib];
    const outcome = unavailable ? { unavailable } : await runChild(job);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stderr.write(
      "error" in outcome
        ? ` FAILED: ${outcome.error}\n`
        : "unavailable" in outcome
          ? ` n/a: ${outcome.unavailable}\n`
          : ` ${seconds} s\n`,
    );
    caseFor(cases, job).sides[job.lib] = outcome;
  }
  return cases;
}

/** Runs `fn`; a bad command line ends the process with the message and the usage. */
function orUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage()}`);
    process.exit(2);
  }
}

const options = orUsage(() => parseCli(process.argv.slice(2)));
if (options.help) {
  console.log(usage());
  process.exit(0);
}

const startedAt = new Date();
const jobs = orUsage(() => planJobs(SCENARIOS, options));
process.stderr.write(
  `Weft vs @langchain/langgraph: ${jobs.length} cases on Node ${process.version}` +
    `${options.quick ? " (quick)" : ""}; · = warm-up, • = measured iteration\n`,
);
const cases = await runAll(jobs);
const rows = buildRows(cases, SCENARIOS);
const targets = judgeTargets(rows);
const memory = judgeMemory(cases);
console.log(`\n${formatReport({ rows, cases, targets, memory })}\n`);
const written = await writeResults({ options, startedAt, cases, rows, targets, memory });
console.log(`Wrote ${written.map((path) => relative(process.cwd(), path)).join(", ")}`);
const failed = cases.some((c) => Object.values(c.sides).some((side) => "error" in side));
process.exitCode = failed ? 1 : 0;
