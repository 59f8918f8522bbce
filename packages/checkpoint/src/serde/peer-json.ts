import { setField } from "./encode.ts";
import { langChainMessageClass, reviveLangChainMessage } from "./langchain.ts";
import { keySegment, PathError, withSegment } from "./path-error.ts";

// Reads values written by LangGraph.js's JsonPlusSerializer (type "json"), so data saved
// by the peer can be loaded and migrated. Its markers are `{lc: 2, type: "undefined"}`,
// `{lc: 2, type: "constructor", id: [name], args}` for a few built-ins, and LangChain's
// own `{lc: 1, type: "constructor", id, kwargs}`. Only a closed set is rebuilt; other
// LangChain objects stay plain data, as the peer leaves what it cannot load.

interface PeerMarker {
  lc?: unknown;
  type?: unknown;
  id?: unknown;
  args?: unknown;
  method?: unknown;
  kwargs?: unknown;
}

const LC_ESCAPED = "__lc_escaped__";

/** Decodes a tree parsed from the peer's JSON format (children first, as the peer does). */
export function decodePeerValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  let key = "";
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        key = String(i);
        value[i] = decodePeerValue(value[i]);
      }
      return value;
    }
    const object = value as Record<string, unknown>;
    // Newer @langchain/core wraps user objects that look like markers: unwrap, keep as is.
    if (Object.hasOwn(object, LC_ESCAPED) && Object.keys(object).length === 1)
      return object[LC_ESCAPED];
    for (key in object) setField(object, key, decodePeerValue(object[key]));
  } catch (error) {
    throw withSegment(error, Array.isArray(value) ? `[${key}]` : keySegment(key));
  }
  return decodeMarker(value as PeerMarker);
}

function decodeMarker(marker: PeerMarker): unknown {
  if (marker.lc === 2 && marker.type === "undefined") return undefined;
  if (marker.type !== "constructor" || !Array.isArray(marker.id)) return marker;
  if (marker.lc === 1) {
    const isMessage = langChainMessageClass(marker.id) !== undefined;
    return isMessage ? reviveLangChainMessage(marker.id, marker.kwargs) : marker;
  }
  if (marker.lc !== 2) return marker;
  const args = Array.isArray(marker.args) ? marker.args : [];
  switch (marker.id[marker.id.length - 1]) {
    case "Set":
      return new Set(Array.isArray(args[0]) ? args[0] : []);
    case "Map":
      return new Map(Array.isArray(args[0]) ? args[0] : []);
    case "RegExp":
      return buildRegExp(args[0], args[1]);
    case "Error":
      return new Error(String(args[0] ?? ""));
    case "Uint8Array":
      return Uint8Array.from(Array.isArray(args[0]) ? (args[0] as number[]) : []);
    default:
      return marker;
  }
}

function buildRegExp(source: unknown, flags: unknown): RegExp {
  try {
    return new RegExp(String(source ?? ""), typeof flags === "string" ? flags : "");
  } catch (error) {
    throw new PathError("bad RegExp payload", error);
  }
}
