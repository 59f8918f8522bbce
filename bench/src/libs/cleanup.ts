/**
 * What a benchmark child must undo before it exits: savers on services (Postgres, Redis,
 * MongoDB) get their own schema, key prefix or database, dropped here, and their
 * connections closed so the process can end.
 */
const cleanups: (() => Promise<void>)[] = [];

/** Registers `fn` to run when the child is done (last registered runs first). */
export function deferCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** Runs every registered cleanup; a failing one is reported and the rest still run. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    await fn().catch((error: unknown) => {
      process.stderr.write(`\ncleanup failed: ${(error as Error).message}\n`);
    });
  }
}
