import { sleep } from "../../runtime/abort.ts";
import { ChatModelError } from "../chat-model-error.ts";

/** Where and how requests are sent. */
export interface HttpOptions {
  url: string;
  headers: Record<string, string>;
  /** Per-attempt timeout in milliseconds. */
  timeout?: number;
  /** Retries after the first attempt for 408/409/429/5xx answers and network errors. */
  maxRetries: number;
  fetch: typeof fetch;
}

const RETRYABLE = new Set([408, 409, 429, 500, 502, 503, 504]);

/**
 * POSTs `body` as JSON and returns the successful response. Aborting `signal` aborts
 * the request at once (also between retries). Retries back off exponentially from half
 * a second, or wait what the server asks (`retry-after-ms` / `retry-after`).
 *
 * @throws ChatModelError with the status and the provider's error body; the abort
 *   reason when `signal` aborts.
 */
export async function postJson(
  options: HttpOptions,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const signals = [signal, options.timeout ? AbortSignal.timeout(options.timeout) : undefined];
    const active = signals.filter((s): s is AbortSignal => s !== undefined);
    let response: Response;
    try {
      response = await options.fetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...options.headers },
        body: JSON.stringify(body),
        signal: active.length > 1 ? AbortSignal.any(active) : active[0],
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (attempt >= options.maxRetries) {
        throw new ChatModelError(`Request to ${options.url} failed: ${messageOf(error)}`, {
          cause: error,
          provider: "openai",
        });
      }
      await sleep(backoff(attempt), signal);
      continue;
    }
    if (response.ok) return response;
    const errorBody = await readBody(response);
    if (RETRYABLE.has(response.status) && attempt < options.maxRetries) {
      await sleep(retryDelay(response, attempt), signal);
      continue;
    }
    throw new ChatModelError(
      `OpenAI-compatible API answered ${response.status}: ${errorMessage(errorBody, response.statusText)}`,
      { status: response.status, body: errorBody, provider: "openai" },
    );
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The provider's own message (`{ error: { message } }`), else the status text. */
export function errorMessage(body: unknown, fallback: string): string {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === "object" && error !== null && "message" in error) {
    return String((error as { message: unknown }).message);
  }
  if (typeof error === "string") return error;
  if (typeof body === "string" && body !== "") return body.slice(0, 500);
  return fallback;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function backoff(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 8000);
}

function retryDelay(response: Response, attempt: number): number {
  const ms = Number(response.headers.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0 && response.headers.has("retry-after-ms")) return ms;
  const seconds = Number(response.headers.get("retry-after"));
  if (Number.isFinite(seconds) && seconds >= 0 && response.headers.has("retry-after")) {
    return Math.min(seconds * 1000, 60_000);
  }
  return backoff(attempt);
}
