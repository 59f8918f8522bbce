export { AnyValue } from "./any-value.ts";
export { BaseChannel } from "./base.ts";
export { type BinaryOperator, BinaryOperatorAggregate } from "./binary-operator.ts";
export { EphemeralValue } from "./ephemeral-value.ts";
export { LastValue } from "./last-value.ts";
export {
  LastValueAfterFinish,
  type LastValueAfterFinishSnapshot,
} from "./last-value-after-finish.ts";
export { NamedBarrierValue } from "./named-barrier-value.ts";
export {
  NamedBarrierValueAfterFinish,
  type NamedBarrierValueAfterFinishSnapshot,
} from "./named-barrier-value-after-finish.ts";
export { OVERWRITE, Overwrite, type OverwriteValue } from "./overwrite.ts";
export { Topic, type TopicOptions, type TopicSnapshot } from "./topic.ts";
export { UntrackedValue, type UntrackedValueOptions } from "./untracked-value.ts";
