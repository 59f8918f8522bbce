import { modelErrorCode, WeftError } from "@weft/checkpoint";
import type { Embeddings } from "./types.ts";

/** Options of {@link OpenAIEmbeddings}. */
export interface OpenAIEmbeddingsOptions {
  /** @default "text-embedding-3-small" */
  model?: string;
  /** Sent as `Authorization: Bearer …`. @default process.env.OPENAI_API_KEY */
  apiKey?: string;
  /**
   * Base URL of an OpenAI-compatible API (OpenAI, Azure-style proxies, vLLM, Ollama,
   * LM Studio, …); requests go to `${baseURL}/embeddings`.
   * @default process.env.OPENAI_BASE_URL ?? "https://api.openai.com/v1"
   */
  baseURL?: string;
  /** Ask the model for shorter vectors (text-embedding-3 models). @default the model's own */
  dimensions?: number;
  /** Texts per request. @default 512 */
  batchSize?: number;
  /** Retries of a request answered 429 or 5xx, or failing in the network. @default 2 */
  maxRetries?: number;
  /** First retry delay in ms; doubles per retry unless the server sends Retry-After. @default 500 */
  retryDelayMs?: number;
  /** Cancels every request of this client. Per-call signals are accepted too. */
  signal?: AbortSignal;
  /** Extra request headers (e.g. `OpenAI-Organization`, `api-key`). */
  headers?: Record<string, string>;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * The embeddings API answered with an error or could not be reached. Code by status as
 * for chat models (`MODEL_AUTHENTICATION`, `MODEL_NOT_FOUND`, `MODEL_RATE_LIMIT`, else
 * `MODEL_ERROR`); `details.status` and `details.body` carry the HTTP status and response text.
 */
export class EmbeddingsError extends WeftError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    const status = typeof details.status === "number" ? details.status : undefined;
    super(modelErrorCode(status), message, { details, cause });
  }
}

interface EmbeddingsResponse {
  data?: { embedding: number[]; index?: number }[];
}

/**
 * A client of the OpenAI `/embeddings` endpoint, or any server speaking it. Sends texts
 * in batches, keeps the order of the input, retries rate limits and server errors, and
 * supports cancellation. Same interface as `@langchain/openai`'s `OpenAIEmbeddings`
 * for what a store uses (`embedDocuments`, `embedQuery`).
 *
 * @example
 * const store = new InMemoryStore({
 *   index: { embeddings: new OpenAIEmbeddings({ model: "text-embedding-3-small" }), dims: 1536 },
 * });
 */
export class OpenAIEmbeddings implements Embeddings {
  readonly model: string;
  readonly dimensions: number | undefined;
  readonly batchSize: number;
  readonly #apiKey: string | undefined;
  readonly #url: string;
  readonly #maxRetries: number;
  readonly #retryDelayMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(options: OpenAIEmbeddingsOptions = {}) {
    const env =
      (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
    this.model = options.model ?? "text-embedding-3-small";
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize ?? 512;
    if (!Number.isInteger(this.batchSize) || this.batchSize <= 0) {
      throw new WeftError(
        "INVALID_CONFIG",
        "OpenAIEmbeddings: batchSize must be a positive integer.",
      );
    }
    this.#apiKey = options.apiKey ?? env.OPENAI_API_KEY;
    const base = options.baseURL ?? env.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
    this.#url = `${base.replace(/\/+$/, "")}/embeddings`;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 500;
    this.#signal = options.signal;
    this.#headers = options.headers ?? {};
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** One vector per text, in input order; empty input makes no request. */
  async embedDocuments(
    texts: string[],
    options: { signal?: AbortSignal } = {},
  ): Promise<number[][]> {
    const out: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize);
      out.push(...(await this.#request(batch, options.signal)));
    }
    return out;
  }

  /** The vector of one query text. */
  async embedQuery(text: string, options: { signal?: AbortSignal } = {}): Promise<number[]> {
    const [vector] = await this.#request([text], options.signal);
    return vector!;
  }

  async #request(input: string[], callSignal: AbortSignal | undefined): Promise<number[][]> {
    const signals = [this.#signal, callSignal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const body = JSON.stringify({
      model: this.model,
      input,
      encoding_format: "float",
      ...(this.dimensions === undefined ? {} : { dimensions: this.dimensions }),
    });
    const headers: Record<string, string> = {
      "content-type": "application/json",
      ...(this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {}),
      ...this.#headers,
    };
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      let response: Response;
      try {
        response = await this.#fetch(this.#url, { method: "POST", headers, body, signal });
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (attempt < this.#maxRetries) {
          await sleep(this.#delay(attempt, null), signal);
          continue;
        }
        throw new EmbeddingsError(
          `Could not reach the embeddings API at ${this.#url}: ${(error as Error).message}`,
          { url: this.#url },
          error,
        );
      }
      if (response.ok) return this.#parse(response, input.length);
      const text = await response.text().catch(() => "");
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < this.#maxRetries) {
        await sleep(this.#delay(attempt, response.headers.get("retry-after")), signal);
        continue;
      }
      throw new EmbeddingsError(
        `The embeddings API answered ${response.status} ${response.statusText}: ${text.slice(0, 500)}`,
        { url: this.#url, status: response.status, body: text, model: this.model },
      );
    }
  }

  async #parse(response: Response, expected: number): Promise<number[][]> {
    let json: EmbeddingsResponse;
    try {
      json = (await response.json()) as EmbeddingsResponse;
    } catch (error) {
      throw new EmbeddingsError(
        "The embeddings API answered with invalid JSON.",
        {
          url: this.#url,
        },
        error,
      );
    }
    const data = json.data;
    if (!Array.isArray(data) || data.length !== expected) {
      throw new EmbeddingsError(
        `The embeddings API returned ${Array.isArray(data) ? data.length : "no"} embeddings for ${expected} inputs.`,
        { url: this.#url, body: json },
      );
    }
    const out = new Array<number[]>(expected);
    data.forEach((entry, i) => {
      out[entry.index ?? i] = entry.embedding;
    });
    for (let i = 0; i < expected; i++) {
      if (!Array.isArray(out[i])) {
        throw new EmbeddingsError(`The embeddings API returned no embedding for input ${i}.`, {
          url: this.#url,
        });
      }
    }
    return out;
  }

  #delay(attempt: number, retryAfter: string | null): number {
    const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
    return this.#retryDelayMs * 2 ** attempt;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
