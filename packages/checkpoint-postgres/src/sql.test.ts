import { WeftError } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { qualify, quoteIdent, quoteLiteral, schemaTables } from "./sql.ts";

describe("quoteIdent", () => {
  it("quotes names so they can never end the identifier", () => {
    expect(quoteIdent("public")).toBe('"public"');
    expect(quoteIdent("Mixed Case")).toBe('"Mixed Case"');
    expect(quoteIdent('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
  });

  it("rejects names PostgreSQL would refuse or truncate", () => {
    for (const bad of ["", "a\u0000b", "x".repeat(64), "é".repeat(32), 42 as unknown as string]) {
      expect(() => quoteIdent(bad, "schema")).toThrow(
        expect.objectContaining({ code: "INVALID_CONFIG" }),
      );
    }
    expect(quoteIdent("x".repeat(63))).toHaveLength(65);
  });
});

describe("qualify and schemaTables", () => {
  it("builds quoted schema-qualified names", () => {
    expect(qualify("app", "weft_blobs")).toBe('"app"."weft_blobs"');
    expect(schemaTables('te"nant', { blobs: "weft_blobs" })).toEqual({
      blobs: '"te""nant"."weft_blobs"',
    });
  });
});

describe("quoteLiteral", () => {
  it("doubles quotes and refuses NUL", () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(() => quoteLiteral("a\u0000")).toThrow(WeftError);
  });
});
