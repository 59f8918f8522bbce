import { GraphInputError } from "../errors.ts";
import { type StandardSchemaV1, validateSync } from "./standard-schema.ts";

/** One problem found in graph input; `path` starts with the state key. */
export interface InputIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Builds the validator of graph input. `fields` maps each state key to the schema of
 * its input, or `undefined` when the key takes anything.
 *
 * Only keys present in the input are parsed (input is a partial update: absent keys
 * keep their current value, so schema defaults are not re-applied), keys the state
 * does not declare are dropped, and every issue is reported at once.
 *
 * @throws GraphInputError `INVALID_INPUT` with `details.issues: InputIssue[]`.
 */
export function createInputParser(
  fields: ReadonlyMap<string, StandardSchemaV1 | undefined>,
): (input: unknown) => Record<string, unknown> {
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      const received = input === null ? "null" : Array.isArray(input) ? "array" : typeof input;
      throw new GraphInputError(
        "INVALID_INPUT",
        `Expected the graph input to be an object of state keys, received ${received}`,
        { received },
      );
    }
    const parsed: Record<string, unknown> = {};
    const issues: InputIssue[] = [];
    for (const [key, value] of Object.entries(input)) {
      if (!fields.has(key)) continue;
      const schema = fields.get(key);
      if (schema === undefined) {
        parsed[key] = value;
        continue;
      }
      const result = validateSync(schema, value);
      if (result === undefined) {
        issues.push({ path: [key], message: "the field's schema validates asynchronously" });
      } else if (result.issues !== undefined) {
        for (const issue of result.issues) {
          issues.push({ path: [key, ...issuePath(issue.path)], message: issue.message });
        }
      } else {
        parsed[key] = result.value;
      }
    }
    if (issues.length > 0) {
      const summary = issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new GraphInputError("INVALID_INPUT", `Invalid graph input: ${summary}`, { issues });
    }
    return parsed;
  };
}

function issuePath(
  path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined,
): (string | number)[] {
  if (path === undefined) return [];
  return path.map((segment) => {
    const key = typeof segment === "object" ? segment.key : segment;
    return typeof key === "symbol" ? String(key) : key;
  });
}
