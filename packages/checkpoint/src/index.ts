// Public API of @weft/checkpoint. Every export is named; see README.md for what each is for.

export { BaseCheckpointSaver, checkThreadIds } from "./base-saver.ts";
export {
  CHECKPOINT_VERSION,
  copyCheckpoint,
  copyVersionsSeen,
  emptyCheckpoint,
  maxChannelVersion,
} from "./checkpoint.ts";
export { CheckpointConfigError, EncryptionError, SerializationError } from "./checkpoint-errors.ts";
export {
  type CheckpointAddress,
  checkpointAddress,
  checkpointConfig,
  getCheckpointId,
  type PutTarget,
  putTarget,
  writesTarget,
} from "./config.ts";
export {
  ERROR,
  INTERRUPT,
  NULL_TASK_ID,
  RESUME,
  SCHEDULED,
  TASKS,
  WRITES_IDX_MAP,
  writeIndex,
} from "./constants.ts";
export { modelErrorCode, WeftError, type WeftErrorCode } from "./errors.ts";
export { deterministicId, uuid6 } from "./id.ts";
export { InMemorySaver, MemorySaver, type MemorySaverOptions } from "./memory-saver.ts";
export { deepEqual, matchesMetadataFilter } from "./metadata-filter.ts";
export {
  registerSerdeCodec,
  type SerdeCodec,
  unregisterSerdeCodec,
} from "./serde/codec-registry.ts";
export {
  ENCRYPTED_TYPE_PREFIX,
  EncryptedSerializer,
  type EncryptedSerializerOptions,
} from "./serde/encrypted-serializer.ts";
export { WEFT_JSON_TYPE } from "./serde/format.ts";
export {
  BYTES_TYPE,
  JsonPlusSerializer,
  JsonSerializer,
  PEER_JSON_TYPE,
} from "./serde/json-serializer.ts";
export type { SerializeOptions, SerializerProtocol } from "./serde/protocol.ts";
export {
  decodeStoredMetadata,
  decodeStoredTuple,
  type SerializedValue,
  type StoredTuple,
} from "./stored-tuple.ts";
export type * from "./types.ts";
export {
  type ParentRefs,
  plainBytes,
  RecentParents,
  reusableRef,
  type ValueRefs,
} from "./value-refs.ts";
