import { createHash } from "node:crypto";
import { PIIDetectionError } from "./errors.ts";
import { disjointMatches, type PIIMatch } from "./pii-detectors.ts";

/**
 * What to do with detected PII:
 * - `block`: throw {@link PIIDetectionError} (code `PII_DETECTED`);
 * - `redact`: replace with `[REDACTED_<TYPE>]`;
 * - `mask`: hide all but a recognizable tail (`****-****-****-1234`, `j***@example.com`);
 * - `hash`: replace with `<type_hash:xxxxxxxx>`, the same for the same value.
 */
export type PIIStrategy = "block" | "redact" | "mask" | "hash";

function mask(text: string, piiType: string): string {
  if (piiType === "credit_card") return `****-****-****-${text.replace(/\D/g, "").slice(-4)}`;
  if (piiType === "email") {
    const at = text.lastIndexOf("@");
    return at > 0 ? `${text[0]}***${text.slice(at)}` : "***";
  }
  if (piiType === "ip" && text.includes(".") && !text.includes(":")) {
    return `*.*.*.${text.split(".").at(-1)}`;
  }
  const visible = Math.min(4, text.length);
  return `${"*".repeat(text.length - visible)}${text.slice(text.length - visible)}`;
}

function replacement(text: string, strategy: PIIStrategy, piiType: string): string {
  switch (strategy) {
    case "redact":
      return `[REDACTED_${piiType.toUpperCase()}]`;
    case "mask":
      return mask(text, piiType);
    case "hash":
      return `<${piiType}_hash:${createHash("sha256").update(text).digest("hex").slice(0, 8)}>`;
    case "block":
      return text;
  }
}

/**
 * Applies `strategy` to the `matches` of `piiType` in `content` and returns the new text
 * (unchanged when there are no matches).
 *
 * @throws PIIDetectionError code `PII_DETECTED` with the `block` strategy and any match.
 * @example
 * applyStrategy("mail a@b.co", detectEmail("mail a@b.co"), "redact", "email"); // "mail [REDACTED_EMAIL]"
 */
export function applyStrategy(
  content: string,
  matches: readonly PIIMatch[],
  strategy: PIIStrategy,
  piiType: string,
): string {
  if (matches.length === 0) return content;
  if (strategy === "block") throw new PIIDetectionError(piiType, matches);
  let out = "";
  let at = 0;
  for (const match of disjointMatches(matches)) {
    out += content.slice(at, match.start) + replacement(match.text, strategy, piiType);
    at = match.end;
  }
  return out + content.slice(at);
}
