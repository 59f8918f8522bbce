import type { BaseChannel } from "../channels/base.ts";
import type { JSONSchema } from "./json-schema.ts";

/** What the graph builder needs from any state declaration. */
export interface StateDefinition {
  /** Channel name → a prototype channel; the loop calls `fromCheckpoint()` to get fresh instances. */
  channels: Record<string, BaseChannel>;
  /** State keys in declaration order. */
  keys: readonly string[];
  /**
   * Validates and normalizes graph input (a partial update): parses the keys present,
   * drops undeclared keys. Absent for `Annotation` states, which have no runtime schema.
   *
   * @throws GraphInputError `INVALID_INPUT`, `details.issues` listing `{ path, message }`.
   */
  parseInput?: (input: unknown) => Record<string, unknown>;
  /**
   * JSON Schemas of the state (see `stateJsonSchema`): `state` for the stored shape,
   * `input` for graph input. Built on first read and then kept, so it costs nothing
   * when unused; treat it as read-only. Not enumerable, so spreads leave it out.
   */
  readonly jsonSchema?: { readonly state?: JSONSchema; readonly input?: JSONSchema };
}
