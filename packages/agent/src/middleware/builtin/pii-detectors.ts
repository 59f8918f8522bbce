import { isIPv4, isIPv6 } from "node:net";

/** One piece of detected PII: the matched text and where it sits in the content. */
export interface PIIMatch {
  /** The matched text. */
  text: string;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** Finds PII in a text. */
export type PIIDetector = (content: string) => PIIMatch[];

/** The PII types with a built-in detector. */
export type BuiltInPIIType = "email" | "credit_card" | "ip" | "mac_address" | "url";

/** Every match of `pattern` in `content` (a fresh global copy: no `lastIndex` carried over). */
function matchAll(content: string, pattern: RegExp, accept?: (text: string) => boolean) {
  const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
  const matches: PIIMatch[] = [];
  for (const found of content.matchAll(new RegExp(pattern.source, flags))) {
    const text = found[0];
    if (text === "" || (accept && !accept(text))) continue;
    const start = found.index ?? 0;
    matches.push({ text, start, end: start + text.length });
  }
  return matches;
}

const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/;
// 13 to 19 digits, optionally grouped by single spaces or dashes; confirmed by Luhn.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/;
// Hex groups with at least two colons; `isIPv6` keeps only real addresses.
const IPV6 =
  /(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3})(?![0-9A-Fa-f:])/;
const MAC = /\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b/;
const URL_PATTERN = /(?:https?:\/\/|www\.)[^\s<>"{}|\\^`[\]]+/i;
// Sentence punctuation right after a URL is not part of it.
const URL_TRAILING = /[.,;:!?)'"]+$/;

/**
 * True when `digits` (digits only) passes the Luhn checksum that card numbers carry.
 * @example
 * luhnCheck("4111111111111111"); // true
 */
export function luhnCheck(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Email addresses. */
export const detectEmail: PIIDetector = (content) => matchAll(content, EMAIL);

/** Card numbers of 13 to 19 digits (spaces or dashes allowed) that pass the Luhn check. */
export const detectCreditCard: PIIDetector = (content) =>
  matchAll(content, CARD, (text) => luhnCheck(text.replace(/\D/g, "")));

/** IPv4 addresses (each part 0–255) and IPv6 addresses. */
export const detectIP: PIIDetector = (content) =>
  [...matchAll(content, IPV4, isIPv4), ...matchAll(content, IPV6, isIPv6)].sort(
    (a, b) => a.start - b.start,
  );

/** MAC addresses (`00:1A:2B:3C:4D:5E` or with dashes). */
export const detectMacAddress: PIIDetector = (content) => matchAll(content, MAC);

/** `http(s)://` and `www.` URLs, without trailing sentence punctuation. */
export const detectUrl: PIIDetector = (content) =>
  matchAll(content, URL_PATTERN).flatMap((match) => {
    const text = match.text.replace(URL_TRAILING, "");
    return text.length > 0 && text !== "www."
      ? [{ ...match, text, end: match.start + text.length }]
      : [];
  });

/** The built-in detectors by PII type. */
export const BUILT_IN_DETECTORS: Readonly<Record<BuiltInPIIType, PIIDetector>> = {
  email: detectEmail,
  credit_card: detectCreditCard,
  ip: detectIP,
  mac_address: detectMacAddress,
  url: detectUrl,
};

/** True when `piiType` has a built-in detector. */
export function isBuiltInPIIType(piiType: string): piiType is BuiltInPIIType {
  return Object.hasOwn(BUILT_IN_DETECTORS, piiType);
}

/** A detector for a custom PII type: a regex (or its source text), or a function. */
export type CustomDetector = RegExp | string | PIIDetector;

/** A detector from a regex, a regex source string, or a function (used as is). */
export function detectorFrom(detector: CustomDetector): PIIDetector {
  if (typeof detector === "function") return detector;
  const pattern = typeof detector === "string" ? new RegExp(detector) : detector;
  return (content) => matchAll(content, pattern);
}

/** Sorts matches and drops any that overlap an earlier one (so replacements do not collide). */
export function disjointMatches(matches: readonly PIIMatch[]): PIIMatch[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PIIMatch[] = [];
  for (const match of sorted) {
    const last = out[out.length - 1];
    if (!last || match.start >= last.end) out.push(match);
  }
  return out;
}
