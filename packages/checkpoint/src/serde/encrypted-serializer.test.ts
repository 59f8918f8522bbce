import { describe, expect, it } from "vitest";
import { WeftError } from "../errors.ts";
import { ENCRYPTED_TYPE_PREFIX, EncryptedSerializer } from "./encrypted-serializer.ts";
import { WEFT_JSON_TYPE } from "./format.ts";
import { JsonSerializer } from "./json-serializer.ts";

const key = crypto.getRandomValues(new Uint8Array(32));
const value = { secret: "launch codes", at: new Date(0), tags: new Set(["a"]) };

async function failure(promise: Promise<unknown>): Promise<WeftError> {
  try {
    await promise;
  } catch (error) {
    if (WeftError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("EncryptedSerializer", () => {
  it("round-trips and marks the type as encrypted", async () => {
    const serde = new EncryptedSerializer({ key });
    const [type, data] = await serde.dumpsTyped(value);
    expect(type).toBe(ENCRYPTED_TYPE_PREFIX + WEFT_JSON_TYPE);
    expect(new TextDecoder().decode(data)).not.toContain("launch codes");
    expect(await serde.loadsTyped(type, data)).toEqual(value);
  });

  it("uses a fresh IV per value", async () => {
    const serde = new EncryptedSerializer({ key });
    const [, a] = await serde.dumpsTyped(value);
    const [, b] = await serde.dumpsTyped(value);
    expect(a.subarray(0, 12)).not.toEqual(b.subarray(0, 12));
    expect(a).not.toEqual(b);
  });

  it("accepts an AES-GCM CryptoKey and base64 text data", async () => {
    const cryptoKey = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
      "encrypt",
      "decrypt",
    ]);
    const serde = new EncryptedSerializer({ key: cryptoKey });
    const [type, data] = await serde.dumpsTyped(value);
    const text = btoa(String.fromCharCode(...data));
    expect(await serde.loadsTyped(type, text)).toEqual(value);
  });

  it("fails with ENCRYPTION_ERROR under a wrong key, never returning garbage", async () => {
    const [type, data] = await new EncryptedSerializer({ key }).dumpsTyped(value);
    const other = new EncryptedSerializer({ key: crypto.getRandomValues(new Uint8Array(32)) });
    const error = await failure(other.loadsTyped(type, data));
    expect(error.code).toBe("ENCRYPTION_ERROR");
    expect(error.message).toMatch(/wrong key/);
  });

  it("detects tampering with the data or the type", async () => {
    const serde = new EncryptedSerializer({ key });
    const [type, data] = await serde.dumpsTyped(value);
    const flipped = data.slice();
    flipped[20]! ^= 1;
    expect((await failure(serde.loadsTyped(type, flipped))).code).toBe("ENCRYPTION_ERROR");
    expect((await failure(serde.loadsTyped(`${ENCRYPTED_TYPE_PREFIX}json`, data))).code).toBe(
      "ENCRYPTION_ERROR",
    );
    expect((await failure(serde.loadsTyped(type, data.subarray(0, 10)))).code).toBe(
      "ENCRYPTION_ERROR",
    );
  });

  it("refuses plaintext rows by default", async () => {
    const [type, data] = await new JsonSerializer().dumpsTyped(value);
    const error = await failure(new EncryptedSerializer({ key }).loadsTyped(type, data));
    expect(error.code).toBe("ENCRYPTION_ERROR");
    expect(error.message).toContain("allowPlaintext");
  });

  it("reads plaintext rows with allowPlaintext, and still encrypts new values", async () => {
    const [plainType, plainData] = await new JsonSerializer().dumpsTyped(value);
    const migrating = new EncryptedSerializer({ key, allowPlaintext: true });
    expect(await migrating.loadsTyped(plainType, plainData)).toEqual(value);
    const [type] = await migrating.dumpsTyped(value);
    expect(type.startsWith(ENCRYPTED_TYPE_PREFIX)).toBe(true);
  });

  it("rejects a key that is not 32 bytes when constructed", () => {
    expect(() => new EncryptedSerializer({ key: new Uint8Array(16) })).toThrow(
      expect.objectContaining({ code: "ENCRYPTION_ERROR" }),
    );
  });

  it("passes serialization errors of the inner serializer through", async () => {
    const error = await failure(
      new EncryptedSerializer({ key }).dumpsTyped({ f: () => 1 }, { context: "x" }),
    );
    expect(error.code).toBe("SERIALIZATION_ERROR");
    expect(error.message).toContain("x.f");
  });
});
