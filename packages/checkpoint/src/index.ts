export { WeftError, type WeftErrorCode } from "./errors.ts";
export * from "./constants.ts";
export type * from "./types.ts";
