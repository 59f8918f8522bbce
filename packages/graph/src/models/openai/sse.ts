const LINE_END = /\r\n|\n|\r/;

/**
 * Reads a server-sent-events body into the `data` payload of each event (multi-line data
 * joined with newlines). The caller decides what `[DONE]` means. Stopping early cancels
 * the body, which closes the connection.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  let data: string[] = [];
  let finished = false;
  try {
    while (!finished) {
      const { value, done } = await reader.read();
      finished = done;
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let end = buffer.search(LINE_END);
      // A trailing "\r" may be the first half of "\r\n": wait for more input.
      while (end >= 0 && !(end === buffer.length - 1 && buffer[end] === "\r" && !done)) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith("\r\n", end) ? 2 : 1));
        if (line === "") {
          if (data.length > 0) yield data.join("\n");
          data = [];
        } else if (line.startsWith("data:")) {
          data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
        }
        end = buffer.search(LINE_END);
      }
    }
    if (buffer.startsWith("data:")) data.push(buffer.slice(buffer.startsWith("data: ") ? 6 : 5));
    if (data.length > 0) yield data.join("\n");
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
