import { MemorySaver } from "@weft/checkpoint";
import { describeSaverConformance } from "../src/index.ts";

describeSaverConformance({
  name: "MemorySaver",
  create: ({ threadTtl, now }) => new MemorySaver({ threadTtl, now }),
});

describeSaverConformance({
  name: "MemorySaver (maxThreads: 5000)",
  create: (options) => new MemorySaver({ ...options, maxThreads: 5000 }),
});
