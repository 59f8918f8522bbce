export {
  type EntrypointConfig,
  type EntrypointFinal,
  type EntrypointOptions,
  entrypoint,
  getPreviousState,
} from "./entrypoint.ts";
export { type TaskOptions, task } from "./task.ts";
