import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { requireService, SKIP_SERVICES_ENV } from "../src/services.ts";

const howToStart = "start-it --now";

async function listening(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { server, port: address.port };
}

describe("requireService", () => {
  const saved = process.env[SKIP_SERVICES_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SKIP_SERVICES_ENV];
    else process.env[SKIP_SERVICES_ENV] = saved;
  });

  it("reports a listening service as available", async () => {
    const { server, port } = await listening();
    try {
      delete process.env[SKIP_SERVICES_ENV];
      await expect(
        requireService({ name: "demo", host: "127.0.0.1", port, howToStart }),
      ).resolves.toEqual({ available: true });
    } finally {
      server.close();
    }
  });

  it("fails with the address and how to start it when nothing listens", async () => {
    const { server, port } = await listening();
    await new Promise((resolve) => server.close(resolve));
    delete process.env[SKIP_SERVICES_ENV];
    const failure = requireService({ name: "demo", host: "127.0.0.1", port, howToStart });
    await expect(failure).rejects.toThrow(`demo is not reachable at 127.0.0.1:${port}`);
    await expect(failure).rejects.toThrow(howToStart);
    await expect(failure).rejects.toThrow(`${SKIP_SERVICES_ENV}=demo`);
  });

  it("skips only a service the person opted out of", async () => {
    process.env[SKIP_SERVICES_ENV] = "redis, Demo";
    const status = await requireService({ name: "demo", host: "127.0.0.1", port: 1, howToStart });
    expect(status).toEqual({ available: false, reason: `${SKIP_SERVICES_ENV} opts out of demo` });
    process.env[SKIP_SERVICES_ENV] = "redis";
    await expect(
      requireService({ name: "demo", host: "127.0.0.1", port: 1, howToStart }),
    ).rejects.toThrow("not reachable");
    process.env[SKIP_SERVICES_ENV] = "all";
    await expect(
      requireService({ name: "demo", host: "127.0.0.1", port: 1, howToStart }),
    ).resolves.toMatchObject({ available: false });
  });
});
