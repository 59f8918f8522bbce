import { describe, expect, it, vi } from "vitest";
import { JsonSerializer } from "./json-serializer.ts";

vi.mock("@langchain/core/messages", () => {
  throw new Error("Cannot find package '@langchain/core'");
});

describe("without @langchain/core installed", () => {
  it("fails to decode a LangChain message with a clear SERIALIZATION_ERROR", async () => {
    const payload = JSON.stringify({
      messages: [
        {
          "~w": "lc",
          v: { id: ["langchain_core", "messages", "HumanMessage"], kwargs: { content: "hi" } },
        },
      ],
    });
    const serde = new JsonSerializer();
    const failure = serde.loadsTyped("weft-json/1", payload);
    await expect(failure).rejects.toMatchObject({ code: "SERIALIZATION_ERROR" });
    await expect(failure).rejects.toThrow(
      /value\.messages\[0\].*@langchain\/core is not installed/,
    );
  });

  it("still decodes everything else", async () => {
    const serde = new JsonSerializer();
    const [type, data] = await serde.dumpsTyped({ at: new Date(0) });
    expect(await serde.loadsTyped(type, data)).toEqual({ at: new Date(0) });
  });
});
