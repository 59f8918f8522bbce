import { messagesStateReducer } from "../messages/index.ts";
import type { AnnotationRoot, AnnotationSpec } from "./annotation.ts";
import type { JsonField } from "./json-field.ts";
import { MESSAGES_JSON_EXTRA } from "./messages-json-schema.ts";

/**
 * How the fields of an `Annotation.Root` state appear in its JSON Schemas. Annotations
 * carry types only, so each key takes any value and none is required; a field reduced
 * by `messagesStateReducer` (as in `MessagesAnnotation`) is marked as a message list.
 */
export function annotationJsonFields(root: AnnotationRoot<AnnotationSpec>): JsonField[] {
  return Object.entries(root.spec).map(([key, entry]): JsonField => {
    const reducer = (channelOf(entry) as { reducer?: unknown } | undefined)?.reducer;
    return reducer === messagesStateReducer
      ? { key, extra: { ...MESSAGES_JSON_EXTRA }, required: false }
      : { key, required: false };
  });
}

function channelOf(entry: AnnotationSpec[string]): unknown {
  if (typeof entry !== "function") return entry;
  try {
    return entry();
  } catch {
    return undefined; // building the graph reports it; a schema just lists the key
  }
}
