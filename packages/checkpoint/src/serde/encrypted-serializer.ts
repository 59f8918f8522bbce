import { EncryptionError } from "../checkpoint-errors.ts";
import { fromBase64 } from "./binary.ts";
import { JsonSerializer } from "./json-serializer.ts";
import type { SerializeOptions, SerializerProtocol } from "./protocol.ts";

/** Prefix of the type string of every value this serializer encrypts. */
export const ENCRYPTED_TYPE_PREFIX = "enc:aesgcm:";

const IV_BYTES = 12;
const textEncoder = new TextEncoder();

/** Options of {@link EncryptedSerializer}. */
export interface EncryptedSerializerOptions {
  /** AES-256 key: 32 raw bytes, or an AES-GCM `CryptoKey` allowed to encrypt and decrypt. */
  key: Uint8Array | CryptoKey;
  /** Serializer of the plaintext. @default new JsonSerializer() */
  inner?: SerializerProtocol;
  /**
   * Also read rows that are not encrypted, to migrate a saver that ran without
   * encryption. New values are always encrypted.
   * @default false
   */
  allowPlaintext?: boolean;
}

/**
 * Encrypts every value at rest with AES-256-GCM (`crypto.subtle`, so it runs in
 * browsers and edge runtimes too). Each value gets a random 12-byte IV, stored in front
 * of the ciphertext; the inner type is authenticated with it, so a row cannot be
 * relabelled. The type string is `"enc:aesgcm:" + innerType`.
 *
 * @throws EncryptionError `ENCRYPTION_ERROR` (from the constructor) for a key that is not 32 bytes.
 * @example
 * const key = crypto.getRandomValues(new Uint8Array(32)); // keep it in a secret store
 * const saver = new MemorySaver({ serde: new EncryptedSerializer({ key }) });
 */
export class EncryptedSerializer implements SerializerProtocol {
  private readonly inner: SerializerProtocol;
  private readonly allowPlaintext: boolean;
  private readonly keyPromise: Promise<CryptoKey>;

  constructor(options: EncryptedSerializerOptions) {
    this.inner = options.inner ?? new JsonSerializer();
    this.allowPlaintext = options.allowPlaintext ?? false;
    this.keyPromise = importKey(checkKey(options.key));
    // A failed import is reported on first use; this keeps it from going unhandled meanwhile.
    this.keyPromise.catch(() => {});
  }

  /**
   * Serializes with the inner serializer, then encrypts.
   * @throws SerializationError `SERIALIZATION_ERROR` from the inner serializer.
   */
  async dumpsTyped(value: unknown, options?: SerializeOptions): Promise<[string, Uint8Array]> {
    const [type, plaintext] = await this.inner.dumpsTyped(value, options);
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ciphertext = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: textEncoder.encode(type) },
      await this.keyPromise,
      plaintext as Uint8Array<ArrayBuffer>,
    );
    const out = new Uint8Array(IV_BYTES + ciphertext.byteLength);
    out.set(iv);
    out.set(new Uint8Array(ciphertext), IV_BYTES);
    return [ENCRYPTED_TYPE_PREFIX + type, out];
  }

  /**
   * Decrypts, then deserializes with the inner serializer. String data is read as base64.
   * @throws EncryptionError `ENCRYPTION_ERROR` for a wrong key, tampered data, or a
   *   plaintext row when `allowPlaintext` is off.
   */
  async loadsTyped(type: string, data: Uint8Array | string): Promise<unknown> {
    if (!type.startsWith(ENCRYPTED_TYPE_PREFIX)) {
      if (this.allowPlaintext) return this.inner.loadsTyped(type, data);
      throw new EncryptionError(
        `Refusing to read an unencrypted value (type "${type}"). To migrate plaintext data, ` +
          "construct the EncryptedSerializer with { allowPlaintext: true }.",
      );
    }
    const innerType = type.slice(ENCRYPTED_TYPE_PREFIX.length);
    // crypto.subtle's types want ArrayBuffer-backed views; a shared buffer is never passed here.
    const bytes = (typeof data === "string" ? decodeBase64(data) : data) as Uint8Array<ArrayBuffer>;
    if (bytes.length < IV_BYTES + 16) throw new EncryptionError("Encrypted value is truncated.");
    let plaintext: ArrayBuffer;
    try {
      plaintext = await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: bytes.subarray(0, IV_BYTES),
          additionalData: textEncoder.encode(innerType),
        },
        await this.keyPromise,
        bytes.subarray(IV_BYTES),
      );
    } catch (error) {
      if (error instanceof EncryptionError) throw error;
      throw new EncryptionError(
        "Cannot decrypt value: wrong key, or the data was tampered with.",
        error,
      );
    }
    return this.inner.loadsTyped(innerType, new Uint8Array(plaintext));
  }
}

function checkKey(key: Uint8Array | CryptoKey): Uint8Array | CryptoKey {
  if (key instanceof Uint8Array) {
    if (key.length === 32) return key;
    throw new EncryptionError(`AES-256 needs a 32-byte key; got ${key.length} bytes.`);
  }
  if (key?.algorithm?.name === "AES-GCM") return key;
  throw new EncryptionError("EncryptedSerializer needs 32 raw key bytes or an AES-GCM CryptoKey.");
}

async function importKey(key: Uint8Array | CryptoKey): Promise<CryptoKey> {
  if (!(key instanceof Uint8Array)) return key;
  return crypto.subtle.importKey("raw", key.slice(), "AES-GCM", false, ["encrypt", "decrypt"]);
}

function decodeBase64(text: string): Uint8Array {
  try {
    return fromBase64(text);
  } catch (error) {
    throw new EncryptionError("Encrypted value given as text is not valid base64.", error);
  }
}
