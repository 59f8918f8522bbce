/** Flattens an intersection into one object type, for readable hovers and errors. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

type KeysAcceptingUndefined<T> = {
  [K in keyof T]-?: undefined extends T[K] ? K : never;
}[keyof T];

/** Makes the keys whose type admits `undefined` optional, as `z.infer` does. */
export type OptionalUndefined<T> = Simplify<
  { [K in Exclude<keyof T, KeysAcceptingUndefined<T>>]: T[K] } & {
    [K in KeysAcceptingUndefined<T>]?: T[K];
  }
>;
