import { StoreInputError } from "./validate.ts";

/** One step of a parsed field path. */
export type PathToken =
  | { kind: "root" }
  | { kind: "field"; name: string }
  | { kind: "index"; index: number }
  | { kind: "each" }
  | { kind: "fields"; paths: PathToken[][] };

const cache = new Map<string, PathToken[]>();

/**
 * Parses an index field path: `"$"`, `"a.b"`, `"a[0]"`, `"a[-1]"`, `"a.b[*].c"`,
 * `"a.*"` (every property or element), `"{a,b.c}"` (several fields). Parsed paths are
 * cached. Throws `INVALID_INPUT` for a malformed path.
 */
export function tokenizePath(path: string): PathToken[] {
  const cached = cache.get(path);
  if (cached) return cached;
  const tokens = parse(path);
  if (cache.size > 1000) cache.clear();
  cache.set(path, tokens);
  return tokens;
}

function parse(path: string): PathToken[] {
  if (path === "$" || path === "") return [{ kind: "root" }];
  const tokens: PathToken[] = [];
  let i = path.startsWith("$.") ? 2 : path.startsWith("$[") ? 1 : 0;
  let name = "";
  const flush = () => {
    if (name === "") return;
    tokens.push(name === "*" ? { kind: "each" } : { kind: "field", name });
    name = "";
  };
  while (i < path.length) {
    const char = path[i]!;
    if (char === ".") {
      flush();
      i++;
    } else if (char === "[") {
      flush();
      const end = path.indexOf("]", i);
      if (end < 0) throw bad(path, "an unclosed [");
      const inner = path.slice(i + 1, end).trim();
      if (inner === "*") tokens.push({ kind: "each" });
      else if (/^-?\d+$/.test(inner)) tokens.push({ kind: "index", index: Number(inner) });
      else throw bad(path, `the index [${inner}]`);
      i = end + 1;
    } else if (char === "{") {
      flush();
      const end = path.indexOf("}", i);
      if (end < 0) throw bad(path, "an unclosed {");
      const paths = path
        .slice(i + 1, end)
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== "")
        .map(parse);
      tokens.push({ kind: "fields", paths });
      i = end + 1;
    } else {
      name += char;
      i++;
    }
  }
  flush();
  return tokens;
}

function bad(path: string, problem: string): StoreInputError {
  return new StoreInputError(`The field path "${path}" has ${problem}.`, { path });
}

/**
 * The texts found at `path` in `value`, in document order: strings as they are,
 * numbers and booleans as `String(x)`, objects and arrays as pretty JSON; `null` and
 * missing fields yield nothing. `"$"` yields the whole value as JSON.
 * @example getTextAtPath({ a: [{ b: "x" }, { b: "y" }] }, "a[*].b") // ["x", "y"]
 */
export function getTextAtPath(value: unknown, path: string): string[] {
  const out: string[] = [];
  collect(value, tokenizePath(path), 0, out);
  return out;
}

function collect(value: unknown, tokens: PathToken[], pos: number, out: string[]): void {
  if (value === undefined || value === null) return;
  if (pos === tokens.length) {
    const text = toText(value);
    if (text !== undefined) out.push(text);
    return;
  }
  const token = tokens[pos]!;
  switch (token.kind) {
    case "root":
      collect(value, tokens, pos + 1, out);
      return;
    case "field":
      if (typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, token.name)) {
        collect((value as Record<string, unknown>)[token.name], tokens, pos + 1, out);
      }
      return;
    case "index": {
      if (!Array.isArray(value)) return;
      const index = token.index < 0 ? value.length + token.index : token.index;
      if (index >= 0 && index < value.length) collect(value[index], tokens, pos + 1, out);
      return;
    }
    case "each": {
      if (typeof value !== "object") return;
      const children = Array.isArray(value) ? value : Object.values(value);
      for (const child of children) collect(child, tokens, pos + 1, out);
      return;
    }
    case "fields":
      for (const sub of token.paths) collect(value, [...sub, ...tokens.slice(pos + 1)], 0, out);
      return;
  }
}

function toText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      return JSON.stringify(value, null, 2);
    default:
      return undefined;
  }
}
