// Public API of @weft/conformance: the shared suites every saver and store passes.

export {
  describeSaverConformance,
  type SaverCapabilities,
  type SaverConformanceOptions,
  type SaverFactoryOptions,
} from "./saver/index.ts";
export * from "./store/index.ts";
