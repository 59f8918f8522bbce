import { MapSaver } from "../examples/map-saver.ts";
import { describeSaverConformance } from "../src/index.ts";

// The example third-party saver passes the whole suite, prune included (through the
// base class's generic prune over list + deleteCheckpoints) and thread TTL.
describeSaverConformance({
  name: "MapSaver (examples/map-saver.ts)",
  create: (options) => new MapSaver(options),
});
