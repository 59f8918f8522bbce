import { afterEach, describe, expect, it } from "vitest";
import {
  registerSerdeCodec,
  type SerdeCodec,
  serdeCodecs,
  unregisterSerdeCodec,
} from "./codec-registry.ts";
import { JsonSerializer } from "./json-serializer.ts";

class Money {
  readonly cents: number;
  readonly currency: string;
  constructor(cents: number, currency: string) {
    this.cents = cents;
    this.currency = currency;
  }
}

const moneyCodec: SerdeCodec<Money> = {
  tag: "test.money",
  test: (value): value is Money => value instanceof Money,
  encode: (money) => ({ cents: money.cents, currency: money.currency, at: new Date(0) }),
  decode: (data) => {
    const fields = data as { cents: number; currency: string; at: Date };
    if (!(fields.at instanceof Date)) throw new Error("codec data was not decoded first");
    return new Money(fields.cents, fields.currency);
  },
};

const serde = new JsonSerializer();

async function roundTrip<T>(value: T): Promise<T> {
  const [type, data] = await serde.dumpsTyped(value);
  return (await serde.loadsTyped(type, data)) as T;
}

afterEach(() => {
  unregisterSerdeCodec("test.money");
  unregisterSerdeCodec("test.wrapper");
});

describe("registerSerdeCodec", () => {
  it("round-trips a registered class, encoding and decoding its data recursively", async () => {
    registerSerdeCodec(moneyCodec);
    const back = await roundTrip({ prices: [new Money(150, "EUR")] });
    expect(back.prices[0]).toBeInstanceOf(Money);
    expect(back.prices[0]).toEqual(new Money(150, "EUR"));
  });

  it("runs codecs before the built-in encodings", async () => {
    registerSerdeCodec<Date>({
      tag: "test.wrapper",
      test: (value): value is Date => value instanceof Date,
      encode: (date) => date.getTime(),
      decode: (ms) => new Date((ms as number) + 1),
    });
    expect(await roundTrip(new Date(10))).toEqual(new Date(11));
  });

  it("is idempotent per tag: registering again replaces, never duplicates", () => {
    const before = serdeCodecs().length;
    registerSerdeCodec(moneyCodec);
    registerSerdeCodec(moneyCodec);
    registerSerdeCodec({ ...moneyCodec });
    expect(serdeCodecs().length).toBe(before + 1);
  });

  it("requires a namespaced tag", () => {
    expect(() => registerSerdeCodec({ ...moneyCodec, tag: "money" })).toThrow(/namespaced/);
  });

  it("without the codec, the tag is unknown on decode", async () => {
    registerSerdeCodec(moneyCodec);
    const [type, data] = await serde.dumpsTyped(new Money(1, "USD"));
    unregisterSerdeCodec("test.money");
    await expect(serde.loadsTyped(type, data)).rejects.toThrow(/unknown tag "test.money"/);
  });

  it("reports a codec that throws with the path and the cause", async () => {
    const cause = new Error("no encoding today");
    registerSerdeCodec({
      ...moneyCodec,
      encode: () => {
        throw cause;
      },
    });
    await expect(serde.dumpsTyped({ price: new Money(1, "USD") })).rejects.toMatchObject({
      code: "SERIALIZATION_ERROR",
      message: expect.stringContaining("value.price: it threw: no encoding today"),
      cause,
    });
  });

  it("refuses codec data that contains the value itself", async () => {
    registerSerdeCodec({ ...moneyCodec, encode: (money) => ({ self: money }) });
    await expect(serde.dumpsTyped(new Money(1, "USD"))).rejects.toThrow(/circular/);
  });

  it("is shared by duplicate copies of the package through globalThis", () => {
    registerSerdeCodec(moneyCodec);
    const shared = (globalThis as Record<symbol, { byTag: Map<string, unknown> }>)[
      Symbol.for("weft.serde.codecs")
    ];
    expect(shared?.byTag.get("test.money")).toBe(moneyCodec);
  });
});
