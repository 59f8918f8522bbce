// Errors
export { WeftError, type WeftErrorCode } from "./errors.ts";
export { CheckpointConfigError, EncryptionError, SerializationError } from "./checkpoint-errors.ts";

// Types and reserved channel names
export type * from "./types.ts";
export { ERROR, INTERRUPT, RESUME, SCHEDULED, TASKS, WRITES_IDX_MAP, writeIndex } from "./constants.ts";

// Savers
export { BaseCheckpointSaver } from "./base-saver.ts";
export { InMemorySaver, MemorySaver, type MemorySaverOptions } from "./memory-saver.ts";

// Helpers shared by every saver
export {
  CHECKPOINT_VERSION,
  copyCheckpoint,
  copyVersionsSeen,
  emptyCheckpoint,
  maxChannelVersion,
} from "./checkpoint.ts";
export { type CheckpointAddress, checkpointAddress, checkpointConfig, getCheckpointId } from "./config.ts";
export { deepEqual, matchesMetadataFilter } from "./metadata-filter.ts";
export { deterministicId, uuid6 } from "./id.ts";

// Serialization
export type { SerializeOptions, SerializerProtocol } from "./serde/protocol.ts";
export {
  registerSerdeCodec,
  type SerdeCodec,
  unregisterSerdeCodec,
} from "./serde/codec-registry.ts";
export { WEFT_JSON_TYPE } from "./serde/format.ts";
export { BYTES_TYPE, JsonPlusSerializer, JsonSerializer, PEER_JSON_TYPE } from "./serde/json-serializer.ts";
export {
  ENCRYPTED_TYPE_PREFIX,
  EncryptedSerializer,
  type EncryptedSerializerOptions,
} from "./serde/encrypted-serializer.ts";
