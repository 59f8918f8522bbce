// Saves a few checkpoints with MemorySaver, reads them back, and shows the serializer.
// Run: node --conditions=@weft/source packages/checkpoint/examples/basic.ts
import {
  type Checkpoint,
  EncryptedSerializer,
  emptyCheckpoint,
  JsonSerializer,
  MemorySaver,
  type RunnableConfig,
  WeftError,
} from "@weft/checkpoint";

const saver = new MemorySaver();
let config: RunnableConfig = { configurable: { thread_id: "demo" } };

// Three supersteps of a tiny "counter" graph. Only changed channels go in newVersions.
for (let step = 0; step < 3; step++) {
  const checkpoint: Checkpoint = {
    ...emptyCheckpoint(),
    channel_values: { count: step, startedAt: new Date(0), seen: new Set(["a", `s${step}`]) },
    channel_versions: { count: step + 1, startedAt: 1, seen: step + 1 },
  };
  const newVersions =
    step === 0 ? checkpoint.channel_versions : { count: step + 1, seen: step + 1 };
  config = await saver.put(config, checkpoint, { source: "loop", step, parents: {} }, newVersions);
}
await saver.putWrites(config, [["count", 42]], "task-1");

const latest = await saver.getTuple({ configurable: { thread_id: "demo" } });
console.log("latest values:", latest?.checkpoint.channel_values);
console.log("pending writes:", latest?.pendingWrites);

for await (const tuple of saver.list({ configurable: { thread_id: "demo" } }, { limit: 2 })) {
  console.log(
    "history step",
    tuple.metadata?.step,
    "parent",
    tuple.parentConfig?.configurable?.checkpoint_id,
  );
}

// The serializer round-trips what JSON cannot, and names the path of what it refuses.
const serde = new JsonSerializer();
const [type, bytes] = await serde.dumpsTyped({
  big: 2n ** 64n,
  when: new Date(0),
  gone: undefined,
});
console.log(type, new TextDecoder().decode(bytes));
try {
  await serde.dumpsTyped({ messages: [{ content: () => "hi" }] }, { context: "state" });
} catch (error) {
  if (WeftError.hasCode(error, "SERIALIZATION_ERROR")) console.log("refused:", error.message);
}

// Encryption at rest: same saver API, AES-256-GCM underneath.
const key = crypto.getRandomValues(new Uint8Array(32));
const secure = new MemorySaver({ serde: new EncryptedSerializer({ key }) });
const saved = await secure.put(
  { configurable: { thread_id: "secret" } },
  { ...emptyCheckpoint(), channel_values: { token: "s3cr3t" }, channel_versions: { token: 1 } },
  { source: "input", step: -1, parents: {} },
  { token: 1 },
);
console.log("decrypted:", (await secure.get(saved))?.channel_values);
