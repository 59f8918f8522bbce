import type { OverwriteValue } from "../channels/index.ts";

/**
 * What a node may write to a field that has a reducer: one reducer input, or an
 * `Overwrite` (`new Overwrite(value)` / `{ __overwrite__: value }`) that replaces the
 * value without reducing.
 */
export type ReducerUpdate<Value, Input> = Input | OverwriteValue<Value>;
