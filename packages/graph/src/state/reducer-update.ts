/**
 * What a node may write to a field that has a reducer: one reducer input.
 */
export type ReducerUpdate<Value, Input> = Input | (Value extends never ? never : never);
