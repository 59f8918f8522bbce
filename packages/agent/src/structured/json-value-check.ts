/**
 * Checks a value against a JSON Schema, for response formats given as JSON Schema (zod
 * schemas validate themselves). Covers what structured-output schemas use: `type`,
 * `properties` / `required` / `additionalProperties: false`, `items`, `enum`, `const`,
 * and `anyOf` / `oneOf`. Returns the problems found, one line each (empty: valid).
 */
export function checkJsonValue(schema: unknown, value: unknown, path = ""): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const s = schema as Record<string, unknown>;
  const at = path === "" ? "" : `${path}: `;
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) {
    const ok = alternatives.some((alt) => checkJsonValue(alt, value, path).length === 0);
    return ok ? [] : [`${at}does not match any allowed shape`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((option) => sameJson(option, value))) {
    return [`${at}must be one of ${JSON.stringify(s.enum)}`];
  }
  if ("const" in s && !sameJson(s.const, value)) {
    return [`${at}must be ${JSON.stringify(s.const)}`];
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (types.length > 0 && !types.some((type) => hasType(value, type))) {
    return [`${at}expected ${types.join(" or ")}, received ${describe(value)}`];
  }
  const problems: string[] = [];
  if (isRecord(value)) {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    for (const key of (s.required as string[] | undefined) ?? []) {
      if (!(key in value)) problems.push(`${join(path, key)}: required`);
    }
    for (const [key, child] of Object.entries(value)) {
      if (key in properties)
        problems.push(...checkJsonValue(properties[key], child, join(path, key)));
      else if (s.additionalProperties === false) problems.push(`${join(path, key)}: not allowed`);
    }
  }
  if (Array.isArray(value) && s.items !== undefined) {
    value.forEach((item, index) => {
      problems.push(...checkJsonValue(s.items, item, join(path, String(index))));
    });
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
