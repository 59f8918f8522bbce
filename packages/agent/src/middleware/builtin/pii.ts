import { type AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@weft/graph";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentBuiltInState, AgentMiddleware } from "../types.ts";
import { invalidOptions } from "./errors.ts";
import {
  BUILT_IN_DETECTORS,
  type BuiltInPIIType,
  type CustomDetector,
  detectorFrom,
  isBuiltInPIIType,
  type PIIDetector,
} from "./pii-detectors.ts";
import { applyStrategy, type PIIStrategy } from "./pii-strategies.ts";
import { lastAIMessage, withToolCalls } from "./tool-call-state.ts";

/** Options of {@link piiMiddleware}. */
export interface PIIMiddlewareOptions {
  /** What to do with PII found. @default "redact" */
  strategy?: PIIStrategy;
  /**
   * A detector for a custom type (a regex, its source text, or a function returning
   * matches); for a built-in type it replaces the built-in detector.
   */
  detector?: CustomDetector;
  /** Check the last user message before each model call. @default true */
  applyToInput?: boolean;
  /** Check the model's reply (text and tool-call arguments) after each model call. @default false */
  applyToOutput?: boolean;
  /** Check the tool results since the last model reply before each model call. @default false */
  applyToToolResults?: boolean;
}

/** Options of {@link piiRedactionMiddleware}: the PII type plus {@link PIIMiddlewareOptions}. */
export interface PIIRedactionMiddlewareConfig extends PIIMiddlewareOptions {
  /** A built-in type (`email`, `credit_card`, `ip`, `mac_address`, `url`) or a custom name. */
  piiType: BuiltInPIIType | (string & {});
}

interface Rule {
  piiType: string;
  strategy: PIIStrategy;
  detect: PIIDetector;
}

const STRATEGIES: readonly PIIStrategy[] = ["block", "redact", "mask", "hash"];

/** `text` with the rule applied (throws for `block`). */
function scrub(text: string, rule: Rule): string {
  return applyStrategy(text, rule.detect(text), rule.strategy, rule.piiType);
}

/** The content with every text part scrubbed, or `undefined` when nothing changed. */
function scrubContent(content: BaseMessage["content"], rule: Rule) {
  if (typeof content === "string") {
    const out = scrub(content, rule);
    return out === content ? undefined : out;
  }
  let changed = false;
  const blocks = content.map((block) => {
    if (block.type !== "text" || typeof block.text !== "string") return block;
    const text = scrub(block.text, rule);
    if (text === block.text) return block;
    changed = true;
    return { ...block, text };
  });
  return changed ? blocks : undefined;
}

/** Tool-call arguments with every string scrubbed (deeply). */
function scrubValue(value: unknown, rule: Rule): unknown {
  if (typeof value === "string") return scrub(value, rule);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, rule));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, scrubValue(item, rule)]),
    );
  }
  return value;
}

function scrubHuman(message: HumanMessage, rule: Rule): BaseMessage | undefined {
  const content = scrubContent(message.content, rule);
  if (content === undefined) return undefined;
  return new HumanMessage({
    content,
    id: message.id,
    name: message.name,
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
  });
}

function scrubTool(message: ToolMessage, rule: Rule): BaseMessage | undefined {
  const content = scrubContent(message.content, rule);
  if (content === undefined) return undefined;
  return new ToolMessage({
    content,
    id: message.id,
    name: message.name,
    tool_call_id: message.tool_call_id,
    status: message.status,
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
  });
}

function scrubAI(message: AIMessage, rule: Rule): BaseMessage | undefined {
  const content = scrubContent(message.content, rule);
  const calls = message.tool_calls ?? [];
  const scrubbedCalls = calls.map((call) => ({
    ...call,
    args: scrubValue(call.args, rule) as Record<string, unknown>,
  }));
  const callsChanged = JSON.stringify(scrubbedCalls) !== JSON.stringify(calls);
  if (content === undefined && !callsChanged) return undefined;
  const copy = withToolCalls(message, scrubbedCalls);
  if (content !== undefined) copy.content = content;
  return copy;
}

function ruleFor(piiType: string, options: PIIMiddlewareOptions, middleware: string): Rule {
  const strategy = options.strategy ?? "redact";
  if (!STRATEGIES.includes(strategy)) {
    throw invalidOptions(
      middleware,
      `strategy must be one of ${STRATEGIES.join(", ")} (got ${String(strategy)})`,
    );
  }
  if (options.detector !== undefined) {
    return { piiType, strategy, detect: detectorFrom(options.detector) };
  }
  if (!isBuiltInPIIType(piiType)) {
    throw invalidOptions(
      middleware,
      `unknown PII type "${piiType}": use one of ${Object.keys(BUILT_IN_DETECTORS).join(", ")} or give a detector`,
    );
  }
  return { piiType, strategy, detect: BUILT_IN_DETECTORS[piiType] };
}

/**
 * Detects personally identifiable information and handles it with a strategy: `redact`
 * (`[REDACTED_EMAIL]`), `mask` (`****-****-****-1234`), `hash` (`<email_hash:1a2b3c4d>`) or
 * `block` (throws {@link PIIDetectionError}, code `PII_DETECTED`). Built-in types: `email`,
 * `credit_card` (Luhn-checked), `ip`, `mac_address`, `url`; any other name needs a
 * `detector`.
 *
 * Where it looks: the last user message before each model call (`applyToInput`, on by
 * default), the tool results since the last model reply (`applyToToolResults`), and each
 * model reply with its tool-call arguments (`applyToOutput`). Changed messages replace the
 * originals in state (same ids), so the original text is not kept.
 *
 * The middleware is named `PIIMiddleware[<type>]`, with the strategy and checked places
 * added when they differ from the defaults, so several can guard one agent.
 *
 * @throws WeftError `INVALID_CONFIG` for an unknown type without a detector or an unknown strategy.
 * @example
 * const agent = createAgent({
 *   model,
 *   tools: [],
 *   middleware: [
 *     piiMiddleware("email", { strategy: "redact" }),
 *     piiMiddleware("credit_card", { strategy: "mask" }),
 *     piiMiddleware("api_key", { detector: /sk-[a-zA-Z0-9]{32}/, strategy: "block" }),
 *   ],
 * });
 */
export function piiMiddleware(
  piiType: BuiltInPIIType | (string & {}),
  options: PIIMiddlewareOptions = {},
): AgentMiddleware<undefined, undefined> {
  if (typeof piiType !== "string" || piiType === "") {
    throw invalidOptions("PIIMiddleware", "piiType must be a non-empty string");
  }
  const rule = ruleFor(piiType, options, `PIIMiddleware[${piiType}]`);
  const input = options.applyToInput ?? true;
  const output = options.applyToOutput ?? false;
  const toolResults = options.applyToToolResults ?? false;
  const places = [input && "input", output && "output", toolResults && "tool_results"].filter(
    Boolean,
  );
  const isDefault = rule.strategy === "redact" && input && !output && !toolResults;
  const name = isDefault
    ? `PIIMiddleware[${piiType}]`
    : `PIIMiddleware[${piiType},${rule.strategy},${places.join("+") || "none"}]`;

  // Hooks only where something is checked: each one is a node of the agent graph.
  const beforeModel = (state: AgentBuiltInState) => {
    const { messages } = state;
    const changed: BaseMessage[] = [];
    if (input) {
      for (let i = messages.length - 1; i >= 0; i--) {
        const message = messages[i];
        if (!HumanMessage.isInstance(message)) continue;
        const scrubbed = scrubHuman(message, rule);
        if (scrubbed) changed.push(scrubbed);
        break;
      }
    }
    if (toolResults) {
      const after = (lastAIMessage(messages)?.index ?? -1) + 1;
      for (const message of messages.slice(after)) {
        if (!ToolMessage.isInstance(message)) continue;
        const scrubbed = scrubTool(message, rule);
        if (scrubbed) changed.push(scrubbed);
      }
    }
    return changed.length > 0 ? { messages: changed } : undefined;
  };
  const afterModel = (state: AgentBuiltInState) => {
    const last = lastAIMessage(state.messages);
    const scrubbed = last && scrubAI(last.message, rule);
    return scrubbed ? { messages: [scrubbed] } : undefined;
  };
  return createMiddleware({
    name,
    ...(input || toolResults ? { beforeModel } : {}),
    ...(output ? { afterModel } : {}),
  });
}

/**
 * {@link piiMiddleware} with the PII type given in the options object, as the guardrails
 * documentation writes it.
 *
 * @example
 * piiRedactionMiddleware({ piiType: "email", strategy: "redact", applyToInput: true });
 * piiRedactionMiddleware({ piiType: "api_key", detector: /sk-[a-zA-Z0-9]{32}/, strategy: "block" });
 */
export function piiRedactionMiddleware(
  config: PIIRedactionMiddlewareConfig,
): AgentMiddleware<undefined, undefined> {
  const { piiType, ...options } = config ?? ({} as PIIRedactionMiddlewareConfig);
  return piiMiddleware(piiType, options);
}
