import { CheckpointConfigError, WeftError } from "@weft/checkpoint";
import { MongoNetworkError, MongoServerError } from "mongodb";
import { describe, expect, it } from "vitest";
import { MongoDatabaseError, redact, wrapMongoError } from "./errors.ts";

describe("wrapMongoError", () => {
  it("says which failure it was, with the address and the operation", () => {
    const unreachable = wrapMongoError(
      new MongoNetworkError("connect ECONNREFUSED 10.0.0.5:27017"),
      "put",
      "10.0.0.5:27017",
    );
    expect(unreachable).toBeInstanceOf(MongoDatabaseError);
    expect(unreachable.code).toBe("SAVER_ERROR");
    expect((unreachable as MongoDatabaseError).reason).toBe("unreachable");
    expect(unreachable.details).toMatchObject({ address: "10.0.0.5:27017", operation: "put" });
    expect(unreachable.message).toContain("10.0.0.5:27017");

    const auth = wrapMongoError(
      new MongoServerError({ message: "Authentication failed.", code: 18 }),
      "setup",
      "db:27017",
    );
    expect((auth as MongoDatabaseError).reason).toBe("auth");
    expect(auth.details.mongoCode).toBe(18);

    const other = wrapMongoError(
      new MongoServerError({ message: "E11000 duplicate key", code: 11000 }),
      "put",
      "db:27017",
    );
    expect((other as MongoDatabaseError).reason).toBe("driver");
  });

  it("finds an authentication failure in the cause chain", () => {
    const wrapped = new Error("handshake failed", {
      cause: new MongoServerError({ message: "bad user", code: 18 }),
    });
    expect((wrapMongoError(wrapped, "setup", "db:27017") as MongoDatabaseError).reason).toBe(
      "auth",
    );
  });

  it("passes Weft errors through and never echoes a password", () => {
    const config = new CheckpointConfigError("no thread");
    expect(wrapMongoError(config, "put", "db:27017")).toBe(config);
    const leaked = wrapMongoError(
      new Error("cannot parse mongodb://ada:pa55word@db:27017/app"),
      "setup",
      "db:27017",
    );
    expect(leaked.message).not.toContain("pa55word");
    expect(WeftError.hasCode(leaked, "SAVER_ERROR")).toBe(true);
    expect(redact("mongodb+srv://u:p@cluster.example.net/x")).toBe(
      "mongodb+srv://cluster.example.net/x",
    );
  });
});
