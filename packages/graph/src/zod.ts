// `@weft/graph/zod`: the zod helpers under the subpath the peer documents.
export {
  getSchemaMeta,
  MessagesZodMeta,
  MessagesZodState,
  registry,
  type SchemaMeta,
  withLangGraph,
} from "./state/index.ts";
