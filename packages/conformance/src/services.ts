import { connect } from "node:net";

/** A network service an integration test needs (Postgres, Redis, a MongoDB API, ...). */
export interface ServiceRequirement {
  /** Short name, shown in messages and used for the opt-out variable (`postgres`). */
  readonly name: string;
  /** Where the tests connect; a `host:port` pair. */
  readonly host: string;
  readonly port: number;
  /** One line telling a person how to start the service on this machine. */
  readonly howToStart: string;
}

/** What {@link requireService} found. */
export type ServiceStatus =
  | { readonly available: true }
  | { readonly available: false; readonly reason: string };

/** How long a TCP connect may take before the service counts as unreachable. */
const CONNECT_TIMEOUT_MS = 2_000;

/**
 * The environment variable that lets a person run the tests without a service:
 * `WEFT_SKIP_SERVICES=postgres,redis` (or `all`). Only an explicit opt-out skips;
 * anything else makes an unreachable service a failure.
 */
export const SKIP_SERVICES_ENV = "WEFT_SKIP_SERVICES";

/**
 * Checks, before a test file declares its suites, that a service is reachable.
 *
 * An unreachable service throws, so the test file fails with a message saying how to start
 * it — unless the person running the tests opted out with `WEFT_SKIP_SERVICES`, in which
 * case the status says so and the file skips its suites visibly (`describe.skipIf`).
 *
 * @example
 * const postgres = await requireService({
 *   name: "postgres", host: "127.0.0.1", port: 5432,
 *   howToStart: "pg_ctlcluster 15 main start",
 * });
 * describe.skipIf(!postgres.available)("PostgresSaver", () => { ... });
 */
export async function requireService(service: ServiceRequirement): Promise<ServiceStatus> {
  if (optedOut(service.name)) {
    return { available: false, reason: `${SKIP_SERVICES_ENV} opts out of ${service.name}` };
  }
  const problem = await probe(service.host, service.port);
  if (problem === undefined) return { available: true };
  throw new Error(
    `${service.name} is not reachable at ${service.host}:${service.port} (${problem}). ` +
      `Start it with: ${service.howToStart} — or set ${SKIP_SERVICES_ENV}=${service.name} ` +
      "to skip these tests on purpose.",
  );
}

function optedOut(name: string): boolean {
  const raw = process.env[SKIP_SERVICES_ENV];
  if (raw === undefined) return false;
  const names = raw.split(",").map((part) => part.trim().toLowerCase());
  return names.includes("all") || names.includes(name.toLowerCase());
}

/** Resolves to `undefined` when a TCP connection opens, else to the reason it did not. */
function probe(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(`no answer in ${CONNECT_TIMEOUT_MS} ms`));
    socket.once("connect", () => done(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}
