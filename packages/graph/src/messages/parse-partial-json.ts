// Streamed tool-call arguments arrive as JSON cut off at any character. These helpers
// close what is open (strings, objects, arrays) so the arguments seen so far can be read.

interface Scan {
  /** The text, with raw newlines inside strings escaped. */
  text: string;
  /** Closing characters for everything still open, innermost first. */
  closers: string;
  /** "malformed": a bracket closes the wrong thing; "dangling": ends inside an escape. */
  problem?: "malformed" | "dangling";
}

function scan(input: string): Scan {
  const stack: string[] = [];
  let text = "";
  let inString = false;
  let escaped = false;
  for (const ch of input) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      else if (ch === "\n") {
        text += "\\n";
        continue;
      }
    } else if (ch === '"') inString = true;
    else if (ch === "{") stack.push("}");
    else if (ch === "[") stack.push("]");
    else if ((ch === "}" || ch === "]") && stack.pop() !== ch) {
      return { text, closers: "", problem: "malformed" };
    }
    text += ch;
  }
  if (escaped) return { text, closers: "", problem: "dangling" };
  return { text, closers: (inString ? '"' : "") + stack.reverse().join("") };
}

function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

// The longest unfinished tail (a partial key, literal or separator run) worth trimming;
// the bound keeps a malformed payload from costing quadratic time.
const MAX_TRIM = 256;

/**
 * Parses JSON that may be cut short, closing open strings, objects and arrays and
 * dropping a trailing incomplete token. Returns `undefined` when the text is malformed
 * rather than merely unfinished.
 */
export function parsePartialJson(input: string): unknown {
  const whole = tryParse(input);
  if (whole !== undefined) return whole.value;
  const full = scan(input);
  // Unparsable text with nothing left open is malformed, not cut short.
  if (full.problem === "malformed" || (full.problem === undefined && full.closers === "")) {
    return undefined;
  }
  // Trim from the end until the completed prefix parses: partial tokens such as `tru`,
  // `"key":` or a trailing comma only become valid once removed.
  const stop = Math.max(0, input.length - MAX_TRIM);
  for (let end = input.length; end > stop; end -= 1) {
    const prefix = end === input.length ? full : scan(input.slice(0, end));
    if (prefix.problem !== undefined) continue;
    const parsed = tryParse(prefix.text + prefix.closers);
    if (parsed !== undefined) return parsed.value;
  }
  return undefined;
}
