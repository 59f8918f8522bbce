import { WeftError } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { isTransientPgError, PostgresDatabaseError, wrapPgError } from "./errors.ts";

/** An error shaped like the ones `pg` rejects with: a message and a SQLSTATE or errno code. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe("isTransientPgError", () => {
  it("retries lost connections, serialization failures and deadlocks", () => {
    for (const code of [
      "ECONNRESET",
      "EPIPE",
      "57P01",
      "08006",
      "08003",
      "40001",
      "40P01",
      "57P05",
    ]) {
      expect(isTransientPgError(pgError("x", code)), code).toBe(true);
    }
    expect(isTransientPgError(pgError("Connection terminated unexpectedly"))).toBe(true);
    expect(isTransientPgError(pgError("Connection terminated due to connection timeout"))).toBe(
      true,
    );
  });

  it("never retries a statement the server answered, nor Weft's own errors", () => {
    for (const code of ["23505", "42P01", "42601", "28P01", "3D000", "ECONNREFUSED"]) {
      expect(isTransientPgError(pgError("x", code)), code).toBe(false);
    }
    expect(isTransientPgError(new WeftError("SAVER_ERROR", "Connection terminated"))).toBe(false);
  });
});

describe("wrapPgError", () => {
  const address = "db.example:5432/app";

  it("classifies failures by reason, naming the address and operation", () => {
    const cases: [Error, string][] = [
      [pgError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"), "unreachable"],
      [pgError('database "nope" does not exist', "3D000"), "unreachable"],
      [pgError('password authentication failed for user "app"', "28P01"), "auth"],
      [pgError("permission denied for schema app", "42501"), "auth"],
      [pgError("duplicate key value", "23505"), "driver"],
    ];
    for (const [error, reason] of cases) {
      const wrapped = wrapPgError(error, "put", address);
      expect(wrapped).toBeInstanceOf(PostgresDatabaseError);
      expect(wrapped.code).toBe("SAVER_ERROR");
      expect((wrapped as PostgresDatabaseError).reason).toBe(reason);
      expect(wrapped.details).toMatchObject({ reason, address, operation: "put" });
      expect(wrapped.message).toContain(address);
      expect(wrapped.cause).toBe(error);
    }
  });

  it("passes Weft errors through unchanged", () => {
    const original = new WeftError("INVALID_CONFIG", "bad");
    expect(wrapPgError(original, "put", address)).toBe(original);
  });
});
