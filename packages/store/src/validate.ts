import { WeftError } from "@weft/checkpoint";
import type { Operation } from "./types.ts";

/**
 * A namespace, key, value or option a store cannot accept. Code `INVALID_INPUT`;
 * `details` names the offending input. Thrown before anything is written.
 */
export class InvalidNamespaceError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("INVALID_INPUT", message, { details });
  }
}

/** Bad input to a store operation other than a namespace. Code `INVALID_INPUT`. */
export class StoreInputError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super("INVALID_INPUT", message, { details, cause });
  }
}

/** The root label the peer reserves for its own data; `put` refuses it. */
export const RESERVED_ROOT = "langgraph";

/**
 * Throws {@link InvalidNamespaceError} unless `namespace` is an array of non-empty
 * strings without `"."` (the separator SQL backends use). `allowEmpty` lets `[]` through
 * (a search prefix meaning "everything").
 */
export function validateNamespace(
  namespace: unknown,
  options: { allowEmpty?: boolean; what?: string } = {},
): asserts namespace is string[] {
  const what = options.what ?? "namespace";
  if (!Array.isArray(namespace)) {
    throw new InvalidNamespaceError(`The ${what} must be an array of strings.`, { namespace });
  }
  if (namespace.length === 0 && !options.allowEmpty) {
    throw new InvalidNamespaceError(`The ${what} cannot be empty.`, { namespace });
  }
  for (const label of namespace) {
    if (typeof label !== "string") {
      throw new InvalidNamespaceError(
        `The ${what} has a label of type ${typeof label}; labels must be strings.`,
        { namespace, label },
      );
    }
    if (label === "") {
      throw new InvalidNamespaceError(`The ${what} has an empty label.`, { namespace });
    }
    if (label.includes(".")) {
      throw new InvalidNamespaceError(
        `The ${what} label "${label}" contains ".", which labels cannot contain.`,
        { namespace, label },
      );
    }
  }
}

/** Throws unless `key` is a non-empty string. */
export function validateKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key === "") {
    throw new StoreInputError("An item key must be a non-empty string.", { key });
  }
}

/** Throws unless `value` is a plain object (or `null`, meaning delete). */
export function validateValue(value: unknown): void {
  if (value === null) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new StoreInputError(
      `An item value must be a plain object or null, not ${Array.isArray(value) ? "an array" : typeof value}.`,
      { value },
    );
  }
}

function validateCount(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new StoreInputError(`"${name}" must be an integer >= ${min}.`, { [name]: value });
  }
}

function validateTtl(ttl: unknown): void {
  if (ttl === undefined || ttl === null) return;
  if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) {
    throw new StoreInputError('"ttl" must be a positive number of minutes or null.', { ttl });
  }
}

function validateIndexOption(index: unknown): void {
  if (index === undefined || index === false) return;
  if (!Array.isArray(index) || index.some((field) => typeof field !== "string" || field === "")) {
    throw new StoreInputError('"index" must be false or an array of non-empty JSON paths.', {
      index,
    });
  }
}

/** The kind of an operation, decided by the fields it has (the peer's rule). */
export type OperationKind = "get" | "put" | "search" | "listNamespaces";

/** Tells the operations of a batch apart: backends switch on this. */
export function operationKind(op: Operation): OperationKind {
  if ("namespacePrefix" in op) return "search";
  if ("value" in op) return "put";
  if ("key" in op) return "get";
  return "listNamespaces";
}

/**
 * Checks every operation of a batch; throws the first problem found (a `WeftError`
 * with code `INVALID_INPUT`, `details.operation` = its index). Stores call it before
 * doing anything, so a bad batch changes nothing.
 */
export function validateOperations(ops: readonly Operation[]): void {
  if (!Array.isArray(ops)) throw new StoreInputError("batch() takes an array of operations.");
  ops.forEach((op, index) => {
    try {
      validateOperation(op);
    } catch (error) {
      if (WeftError.isInstance(error)) {
        (error.details as Record<string, unknown>).operation = index;
      }
      throw error;
    }
  });
}

function validateOperation(op: Operation): void {
  if (typeof op !== "object" || op === null) {
    throw new StoreInputError("Each batch operation must be an object.", { op });
  }
  switch (operationKind(op)) {
    case "get": {
      const get = op as { namespace: unknown; key: unknown };
      validateNamespace(get.namespace);
      validateKey(get.key);
      return;
    }
    case "put": {
      const put = op as { namespace: unknown; key: unknown; value: unknown };
      validateNamespace(put.namespace);
      validateKey(put.key);
      validateValue(put.value);
      validateIndexOption((op as { index?: unknown }).index);
      validateTtl((op as { ttl?: unknown }).ttl);
      return;
    }
    case "search": {
      const search = op as { namespacePrefix: unknown; filter?: unknown; query?: unknown };
      validateNamespace(search.namespacePrefix, { allowEmpty: true, what: "namespace prefix" });
      if (
        search.filter !== undefined &&
        (typeof search.filter !== "object" ||
          search.filter === null ||
          Array.isArray(search.filter))
      ) {
        throw new StoreInputError('"filter" must be an object.', { filter: search.filter });
      }
      if (search.query !== undefined && typeof search.query !== "string") {
        throw new StoreInputError('"query" must be a string.', { query: search.query });
      }
      validateCount("limit", (op as { limit?: unknown }).limit, 0);
      validateCount("offset", (op as { offset?: unknown }).offset, 0);
      return;
    }
    case "listNamespaces": {
      const list = op as { matchConditions?: unknown; maxDepth?: unknown };
      if (list.matchConditions !== undefined) {
        if (!Array.isArray(list.matchConditions)) {
          throw new StoreInputError('"matchConditions" must be an array.');
        }
        for (const condition of list.matchConditions) {
          const ok =
            typeof condition === "object" &&
            condition !== null &&
            (condition.matchType === "prefix" || condition.matchType === "suffix") &&
            Array.isArray(condition.path) &&
            condition.path.every((label: unknown) => typeof label === "string");
          if (!ok) {
            throw new StoreInputError(
              'A match condition must be {matchType: "prefix" | "suffix", path: string[]}.',
              { condition },
            );
          }
        }
      }
      validateCount("maxDepth", list.maxDepth, 1);
      validateCount("limit", (op as { limit?: unknown }).limit, 0);
      validateCount("offset", (op as { offset?: unknown }).offset, 0);
      return;
    }
  }
}
