// Public API of @weft/conformance: the shared suites every saver and store passes.

export {
  describeSaverConformance,
  type SaverCapabilities,
  type SaverConformanceOptions,
  type SaverFactoryOptions,
} from "./saver/index.ts";
export {
  requireService,
  type ServiceRequirement,
  type ServiceStatus,
  SKIP_SERVICES_ENV,
} from "./services.ts";
export * from "./store/index.ts";
