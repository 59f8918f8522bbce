export { describeSaverConformance } from "./describe-saver-conformance.ts";
export type {
  SaverCapabilities,
  SaverConformanceOptions,
  SaverFactoryOptions,
} from "./options.ts";
