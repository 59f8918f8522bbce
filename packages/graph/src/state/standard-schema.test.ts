import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  isStandardSchema,
  type StandardSchemaV1,
  schemaDefaultFactory,
  validateSync,
} from "./standard-schema.ts";

const asyncSchema: StandardSchemaV1<string> = {
  "~standard": { validate: async (value) => ({ value: String(value) }) },
};

describe("isStandardSchema", () => {
  it("accepts zod schemas and hand-written standard schemas", () => {
    expect(isStandardSchema(z.string())).toBe(true);
    expect(isStandardSchema(asyncSchema)).toBe(true);
  });

  it("rejects values without a ~standard.validate function", () => {
    expect(isStandardSchema(null)).toBe(false);
    expect(isStandardSchema({ "~standard": {} })).toBe(false);
    expect(isStandardSchema("z.string()")).toBe(false);
  });
});

describe("schemaDefaultFactory", () => {
  it("returns the .default() value", () => {
    expect(schemaDefaultFactory(z.number().default(3))?.()).toBe(3);
  });

  it("builds a fresh mutable default on every call", () => {
    const factory = schemaDefaultFactory(z.array(z.string()).default(() => []));
    const first = factory?.() as string[];
    first.push("leak");
    expect(factory?.()).toEqual([]);
  });

  it("has no default for required, optional or async schemas", () => {
    expect(schemaDefaultFactory(z.string())).toBeUndefined();
    expect(schemaDefaultFactory(z.string().optional())).toBeUndefined();
    expect(schemaDefaultFactory(asyncSchema)).toBeUndefined();
  });

  it("has no default when the schema throws on undefined", () => {
    const throwing: StandardSchemaV1 = {
      "~standard": {
        validate: () => {
          throw new Error("boom");
        },
      },
    };
    expect(schemaDefaultFactory(throwing)).toBeUndefined();
  });
});

describe("validateSync", () => {
  it("returns the parse result of a synchronous schema", () => {
    expect(validateSync(z.coerce.number(), "4")).toEqual({ value: 4 });
  });

  it("returns undefined for a schema that validates asynchronously", () => {
    expect(validateSync(asyncSchema, 1)).toBeUndefined();
  });
});
