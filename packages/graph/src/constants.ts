/** The virtual entry node: `addEdge(START, "first")`. */
export const START = "__start__";
/** The virtual exit node: `addEdge("last", END)`. */
export const END = "__end__";

/** Names a user node may not take. */
export const RESERVED_NODE_NAMES: ReadonlySet<string> = new Set([
  START,
  END,
  "__input__",
  "__copy__",
]);
/** Characters a node name may not contain (they separate checkpoint namespaces and channel names). */
export const RESERVED_NODE_CHARS = ["|", ":"] as const;

/** `updateState(config, values, COPY)` copies a checkpoint as a fork without running a node. */
export const COPY = "__copy__";

/** Separates checkpoint namespace levels: `parent_node:task_id|child_node:task_id`. */
export const NS_SEP = "|";
/** Separates a node name from its task id in a namespace segment. */
export const NS_END = ":";

/** Channel prefix a node listens to: a write to `branch:to:X` schedules node X. */
export const BRANCH_PREFIX = "branch:to:";
/** Channel prefix of barriers: `join:a+b:c` fires `c` once `a` and `b` both ran. */
export const JOIN_PREFIX = "join:";

/** The default superstep budget per run. */
export const DEFAULT_RECURSION_LIMIT = 25;

/** Channel of pending writes that hold a finished `task()` call's result. */
export const RETURN = "__return__";
