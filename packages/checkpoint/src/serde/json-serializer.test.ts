import { describe, expect, it } from "vitest";
import { WeftError } from "../errors.ts";
import { WEFT_JSON_TYPE } from "./format.ts";
import { BYTES_TYPE, JsonPlusSerializer, JsonSerializer } from "./json-serializer.ts";

const serde = new JsonSerializer();
const text = new TextDecoder();

async function roundTrip<T>(value: T): Promise<T> {
  const [type, data] = await serde.dumpsTyped(value);
  return (await serde.loadsTyped(type, data)) as T;
}

async function serializeError(value: unknown, context?: string): Promise<WeftError> {
  try {
    await serde.dumpsTyped(value, context === undefined ? undefined : { context });
  } catch (error) {
    if (WeftError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a serialization error");
}

async function deserializeError(json: string): Promise<WeftError> {
  try {
    await serde.loadsTyped(WEFT_JSON_TYPE, json);
  } catch (error) {
    if (WeftError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a deserialization error");
}

describe("JsonSerializer round trips", () => {
  it("plain JSON data, written as plain JSON", async () => {
    const value = { s: "x", n: 1.5, b: true, z: null, list: [1, "2", { deep: [[]] }], empty: {} };
    const [type, data] = await serde.dumpsTyped(value);
    expect(type).toBe(WEFT_JSON_TYPE);
    expect(JSON.parse(text.decode(data))).toEqual(value);
    expect(await serde.loadsTyped(type, data)).toEqual(value);
  });

  it("special numbers", async () => {
    const back = await roundTrip([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      0,
    ]);
    expect(back[0]).toBeNaN();
    expect(back[1]).toBe(Number.POSITIVE_INFINITY);
    expect(back[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(back[3], -0)).toBe(true);
    expect(Object.is(back[4], 0)).toBe(true);
  });

  it("BigInt", async () => {
    expect(await roundTrip({ big: 2n ** 80n, neg: -5n })).toEqual({ big: 2n ** 80n, neg: -5n });
  });

  it("undefined at the top, in objects (key kept) and in arrays", async () => {
    expect(await roundTrip(undefined)).toBeUndefined();
    const back = await roundTrip({ a: undefined, list: [1, undefined, 3] });
    expect(Object.hasOwn(back, "a")).toBe(true);
    expect(back.a).toBeUndefined();
    expect(back.list).toEqual([1, undefined, 3]);
    expect(back.list).toHaveLength(3);
  });

  it("Date, including an invalid one", async () => {
    const back = await roundTrip({
      at: new Date("2024-05-06T07:08:09.123Z"),
      bad: new Date(Number.NaN),
    });
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe("2024-05-06T07:08:09.123Z");
    expect(back.bad).toBeInstanceOf(Date);
    expect(Number.isNaN(back.bad.getTime())).toBe(true);
  });

  it("Map with non-string keys and Set, nested", async () => {
    const value = new Map<unknown, unknown>([
      [1, new Set(["a", new Date(0)])],
      [{ k: 1 }, new Map([["x", undefined]])],
    ]);
    const back = await roundTrip(value);
    expect(back).toBeInstanceOf(Map);
    expect(back).toEqual(value);
    const set = back.get(1) as Set<unknown>;
    expect(set).toBeInstanceOf(Set);
    expect([...set][1]).toBeInstanceOf(Date);
  });

  it("Uint8Array and other binary kinds, including views into larger buffers", async () => {
    const big = new Uint8Array([9, 1, 2, 3, 9]);
    const value = {
      bytes: big.subarray(1, 4),
      i16: new Int16Array([-1, 2, 300]),
      f32: new Float32Array([1.5, -2.25]),
      f64: new Float64Array([Math.PI]),
      u64: new BigUint64Array([2n ** 63n]),
      clamped: new Uint8ClampedArray([255]),
      buffer: new Uint8Array([4, 5]).buffer,
      view: new DataView(new Uint8Array([6, 7]).buffer),
    };
    const back = await roundTrip(value);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect([...back.bytes]).toEqual([1, 2, 3]);
    expect(back.i16).toEqual(value.i16);
    expect(back.f32).toEqual(value.f32);
    expect(back.f64).toEqual(value.f64);
    expect(back.u64).toEqual(value.u64);
    expect(back.clamped).toBeInstanceOf(Uint8ClampedArray);
    expect(back.buffer).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(back.buffer)]).toEqual([4, 5]);
    expect(back.view).toBeInstanceOf(DataView);
    expect(back.view.getUint8(1)).toBe(7);
  });

  it("a top-level Uint8Array as raw bytes, copied", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const [type, data] = await serde.dumpsTyped(bytes);
    expect(type).toBe(BYTES_TYPE);
    bytes[0] = 99;
    expect([...data]).toEqual([1, 2, 3]);
    expect([...((await serde.loadsTyped(type, data)) as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it("RegExp with flags", async () => {
    const back = await roundTrip(/a+b?\//giu);
    expect(back).toBeInstanceOf(RegExp);
    expect(back.source).toBe("a+b?\\/");
    expect(back.flags).toBe("giu");
  });

  it("Error keeps name and message only", async () => {
    const error = new TypeError("boom");
    (error as Error & { extra?: number }).extra = 1;
    const back = await roundTrip(error);
    expect(back).toBeInstanceOf(Error);
    expect(back.name).toBe("TypeError");
    expect(back.message).toBe("boom");
    expect(back).not.toHaveProperty("extra");
  });

  it("plain objects that contain the tag key are escaped", async () => {
    const value = {
      "~w": "date",
      v: "2020-01-01T00:00:00.000Z",
      inner: { "~w": "u" },
      list: [{ "~w": 5 }],
    };
    expect(await roundTrip(value)).toEqual(value);
  });

  it("a __proto__ key stays data and does not change the prototype", async () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "when": 1}');
    value.when = new Date(0);
    const back = await roundTrip(value);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("nested combinations", async () => {
    const value = {
      sessions: new Map([
        ["s1", { seen: new Set([1n, 2n]), at: [new Date(5), undefined, Number.NaN] }],
      ]),
      blobs: [new Uint8Array([1]), { "~w": new Map([[/x/, -0]]) }],
    };
    const back = await roundTrip(value);
    expect(back).toEqual(value);
    const entry = [...(back.blobs[1] as { "~w": Map<RegExp, number> })["~w"]][0]!;
    expect(entry[0]).toBeInstanceOf(RegExp);
    expect(Object.is(entry[1], -0)).toBe(true);
  });

  it("shared references are written twice and read back as equal copies", async () => {
    const shared = { n: 1 };
    const back = await roundTrip({ a: shared, b: shared });
    expect(back.a).toEqual(shared);
    expect(back.a).not.toBe(back.b);
  });

  it("does not modify the value it encodes", async () => {
    const value = { list: [undefined, new Date(0)], "~w": 1 };
    await serde.dumpsTyped(value);
    expect(value.list[0]).toBeUndefined();
    expect(value.list[1]).toBeInstanceOf(Date);
    expect(value["~w"]).toBe(1);
  });

  it("accepts string data", async () => {
    const [type, data] = await serde.dumpsTyped({ at: new Date(0) });
    expect(await serde.loadsTyped(type, text.decode(data))).toEqual({ at: new Date(0) });
  });
});

describe("JsonSerializer class instances", () => {
  it("saves an instance with no codec as its own fields, like JSON.stringify", async () => {
    class Point {
      x = 1;
      y = new Date(0);
      norm(): number {
        return this.x;
      }
    }
    const back = await roundTrip({ p: new Point() });
    expect(back.p).toEqual({ x: 1, y: new Date(0) });
    expect(back.p).not.toBeInstanceOf(Point);
  });

  it("uses toJSON when the instance has one", async () => {
    class Money {
      cents = 150;
      toJSON(): string {
        return "1.50 EUR";
      }
    }
    expect(await roundTrip({ price: new Money() })).toEqual({ price: "1.50 EUR" });
  });

  it("unwraps boxed primitives", async () => {
    expect(await roundTrip([new String("s"), new Number(2), new Boolean(false)])).toEqual([
      "s",
      2,
      false,
    ]);
  });
});

describe("JsonSerializer refuses what is not data", () => {
  it("a function, naming its path and the caller's context", async () => {
    const error = await serializeError(
      { list: [1, 2, 3, { content: () => 1 }] },
      'channel "messages"',
    );
    expect(error.code).toBe("SERIALIZATION_ERROR");
    expect(error.message).toContain('channel "messages".list[3].content');
    expect(error.message).toContain("function");
    expect(error.details).toMatchObject({
      path: ".list[3].content",
      context: 'channel "messages"',
    });
  });

  it("a symbol, with odd keys quoted in the path", async () => {
    const error = await serializeError({ "odd key": Symbol("s") });
    expect(error.message).toContain('value["odd key"]');
  });

  it("a Promise, a WeakMap and other objects with no data fields", async () => {
    expect((await serializeError({ p: Promise.resolve(1) })).message).toMatch(
      /value\.p: a Promise/,
    );
    expect((await serializeError([new WeakMap()])).message).toMatch(/value\[0\]: a WeakMap/);
    expect((await serializeError(new AbortController())).message).toMatch(/AbortController/);
  });

  it("a circular reference", async () => {
    const value: Record<string, unknown> = { a: { b: [] } };
    ((value.a as { b: unknown[] }).b as unknown[]).push(value);
    const error = await serializeError(value);
    expect(error.message).toContain("value.a.b[0]");
    expect(error.message).toContain("circular");
  });

  it("inside Map values and Set members", async () => {
    expect((await serializeError(new Map([["k", () => 1]]))).message).toContain('value.get("k")');
    expect((await serializeError(new Set([1, () => 1]))).message).toContain("value.values()[1]");
  });

  it("a throwing getter, keeping the cause", async () => {
    const cause = new Error("getter failed");
    const value = {
      get broken(): number {
        throw cause;
      },
    };
    const error = await serializeError(value);
    expect(error.message).toContain("value.broken");
    expect(error.cause).toBe(cause);
  });
});

describe("JsonSerializer decoding is data-only", () => {
  it("rejects a tag that is neither built in nor registered", async () => {
    const error = await deserializeError('{"a":[{"~w":"fn","v":"process.exit()"}]}');
    expect(error.code).toBe("SERIALIZATION_ERROR");
    expect(error.message).toContain('value.a[0]: unknown tag "fn"');
  });

  it("rejects malformed tagged payloads", async () => {
    for (const json of [
      '{"~w":"num","v":"42"}',
      '{"~w":"big","v":"1.5"}',
      '{"~w":"re","v":["(", ""]}',
      '{"~w":"bin","k":"Function","v":""}',
      '{"~w":"bin","k":"Uint8Array","v":"**"}',
      '{"~w":"bin","k":"Float64Array","v":"AQID"}',
      '{"~w":"map","v":[[1]]}',
      '{"~w":"err","v":{"name":1}}',
      '{"~w":"o","v":[1]}',
      '{"~w":"lc","v":{"id":["langchain_core","runnables","RunnableLambda"],"kwargs":{}}}',
    ]) {
      expect((await deserializeError(json)).code, json).toBe("SERIALIZATION_ERROR");
    }
  });

  it("rejects text that is not JSON and unknown types", async () => {
    expect((await deserializeError("{not json")).code).toBe("SERIALIZATION_ERROR");
    await expect(serde.loadsTyped("pickle", "x")).rejects.toMatchObject({
      code: "SERIALIZATION_ERROR",
    });
    await expect(serde.loadsTyped("enc:aesgcm:weft-json/1", "x")).rejects.toThrow(
      /EncryptedSerializer/,
    );
  });
});

describe("JsonSerializer reads the peer's format", () => {
  it("decodes a JsonPlusSerializer 'json' payload", async () => {
    const peer = JSON.stringify({
      none: { lc: 2, type: "undefined" },
      set: { lc: 2, type: "constructor", id: ["Set"], method: null, args: [[1, 2]], kwargs: {} },
      map: {
        lc: 2,
        type: "constructor",
        id: ["Map"],
        method: null,
        args: [[["a", 1]]],
        kwargs: {},
      },
      re: {
        lc: 2,
        type: "constructor",
        id: ["RegExp"],
        method: null,
        args: ["a+", "g"],
        kwargs: {},
      },
      err: { lc: 2, type: "constructor", id: ["Error"], method: null, args: ["bad"], kwargs: {} },
      bytes: {
        lc: 2,
        type: "constructor",
        id: ["Uint8Array"],
        method: "from",
        args: [[1, 2]],
        kwargs: {},
      },
      other: {
        lc: 2,
        type: "constructor",
        id: ["Function"],
        method: null,
        args: ["return 1"],
        kwargs: {},
      },
    });
    const back = (await serde.loadsTyped("json", peer)) as Record<string, unknown>;
    expect(Object.hasOwn(back, "none") && back.none === undefined).toBe(true);
    expect(back.set).toEqual(new Set([1, 2]));
    expect(back.map).toEqual(new Map([["a", 1]]));
    expect(back.re).toEqual(/a+/g);
    expect((back.err as Error).message).toBe("bad");
    expect(back.bytes).toEqual(Uint8Array.from([1, 2]));
    expect(back.other).toMatchObject({ id: ["Function"] }); // left as data, never constructed
  });
});

describe("JsonPlusSerializer", () => {
  it("is the peer-compatible name of the default serializer", () => {
    expect(new JsonPlusSerializer()).toBeInstanceOf(JsonSerializer);
  });
});
