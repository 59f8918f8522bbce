import { describe, expect, it } from "vitest";
import { readSseData } from "./sse.ts";

function bodyOf(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

async function read(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSseData(body)) out.push(data);
  return out;
}

describe("readSseData", () => {
  it("yields the data of each event, whatever the chunking", async () => {
    expect(
      await read(bodyOf('data: {"a":1}\n\n', 'data: {"b"', ":2}\n\ndata: [DONE]\n\n")),
    ).toEqual(['{"a":1}', '{"b":2}', "[DONE]"]);
  });

  it("handles CRLF split across reads, comments, other fields and multi-line data", async () => {
    const events = await read(
      bodyOf(": keep-alive\r\n\r\nevent: message\r", "\ndata: one\r\ndata: two\r\n\r\n", "data:x"),
    );
    expect(events).toEqual(["one\ntwo", "x"]);
  });

  it("cancels the body when the reader stops early", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode("data: tick\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const data of readSseData(body)) {
      expect(data).toBe("tick");
      break;
    }
    expect(cancelled).toBe(true);
  });
});
