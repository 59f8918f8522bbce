// The store half of @weft/conformance.

export { describeStoreConformance } from "./describe-store-conformance.ts";
export { ManualClock, RecordingEmbeddings, randomVector, referenceCosine } from "./fakes.ts";
export type { StoreConformanceOptions, StoreFactoryOptions } from "./options.ts";
