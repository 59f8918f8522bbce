import { InMemoryStore } from "@weft/store";
import { describeStoreConformance } from "../src/store/index.ts";

describeStoreConformance({
  name: "InMemoryStore",
  create: (options) => new InMemoryStore(options),
  supportsVectors: true,
  supportsTtl: true,
});
