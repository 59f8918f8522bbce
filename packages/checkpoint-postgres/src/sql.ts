import { CheckpointConfigError } from "@weft/checkpoint";

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

const encoder = new TextEncoder();

/**
 * Quotes a schema, table or index name for SQL: checked, then wrapped in double quotes
 * with embedded quotes doubled, so a name that came from user input can never change
 * the statement it is put in. Names are case-sensitive once quoted.
 *
 * @param what names the option in the error message (`"schema"`).
 * @throws CheckpointConfigError `INVALID_CONFIG` for a name that is not a non-empty
 *   string, contains a NUL character, or is longer than 63 bytes (PostgreSQL would
 *   silently truncate it and two names could then collide).
 * @example
 * quoteIdent("tenant_a"); // '"tenant_a"'
 * quoteIdent('we"ird');   // '"we""ird"'
 */
export function quoteIdent(name: string, what = "identifier"): string {
  if (typeof name !== "string" || name === "") {
    throw new CheckpointConfigError(
      `PostgreSQL ${what} must be a non-empty string; got ${JSON.stringify(name)}.`,
      { field: what },
    );
  }
  if (name.includes("\u0000")) {
    throw new CheckpointConfigError(`PostgreSQL ${what} cannot contain a NUL character.`, {
      field: what,
    });
  }
  if (encoder.encode(name).length > MAX_IDENTIFIER_BYTES) {
    throw new CheckpointConfigError(
      `PostgreSQL ${what} ${JSON.stringify(name)} is longer than ${MAX_IDENTIFIER_BYTES} bytes.`,
      { field: what },
    );
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"`: a table (or other object) of `schema`, both parts quoted. */
export function qualify(schema: string, name: string): string {
  return `${quoteIdent(schema, "schema")}.${quoteIdent(name, "table name")}`;
}

/**
 * Schema-qualified, quoted names for a set of tables, built once so statements can
 * interpolate them safely.
 *
 * @example
 * const t = schemaTables("app", { checkpoints: "weft_checkpoints" });
 * `SELECT * FROM ${t.checkpoints}`; // SELECT * FROM "app"."weft_checkpoints"
 */
export function schemaTables<const T extends Record<string, string>>(
  schema: string,
  tables: T,
): { readonly [K in keyof T]: string } {
  const names = {} as { [K in keyof T]: string };
  for (const key of Object.keys(tables) as (keyof T)[]) {
    names[key] = qualify(schema, tables[key] as string);
  }
  return names;
}

/**
 * A SQL string literal (`'it''s'`), for the few places PostgreSQL takes no parameter:
 * DDL and scripts written for a DBA. Prefer bound parameters everywhere else.
 */
export function quoteLiteral(text: string): string {
  if (text.includes("\u0000")) {
    throw new CheckpointConfigError("A PostgreSQL string literal cannot contain a NUL character.");
  }
  return `'${text.replaceAll("'", "''")}'`;
}
