// TTL math and the sweeper timer, shared by every store backend. Times are minutes
// in the API (as in the peer) and epoch milliseconds inside.

import { WeftError } from "@weft/checkpoint";
import type { TtlConfig } from "./types.ts";

const MINUTE_MS = 60_000;

/** A TTL config with its defaults applied. */
export interface ResolvedTtlConfig {
  /** Minutes; `null` = items never expire unless a put says so. */
  defaultTtl: number | null;
  refreshOnRead: boolean;
  /** Minutes; `null` = no sweeper. */
  sweepIntervalMinutes: number | null;
}

/** Checks a TTL config and applies defaults. Throws `INVALID_CONFIG` for bad numbers. */
export function resolveTtlConfig(ttl: TtlConfig | undefined): ResolvedTtlConfig {
  const positive = (name: string, value: number | undefined): number | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new WeftError("INVALID_CONFIG", `"ttl.${name}" must be a positive number of minutes.`, {
        details: { [name]: value },
      });
    }
    return value;
  };
  return {
    defaultTtl: positive("defaultTtl", ttl?.defaultTtl),
    refreshOnRead: ttl?.refreshOnRead ?? true,
    sweepIntervalMinutes: positive("sweepIntervalMinutes", ttl?.sweepIntervalMinutes),
  };
}

/** The TTL in minutes a put gives an item: its own `ttl`, else the default. */
export function effectiveTtl(
  ttl: number | null | undefined,
  config: ResolvedTtlConfig,
): number | null {
  return ttl === undefined ? config.defaultTtl : ttl;
}

/** When an item with `ttlMinutes` written or refreshed at `now` expires (ms), or `null`. */
export function expiresAt(now: number, ttlMinutes: number | null): number | null {
  return ttlMinutes === null ? null : now + ttlMinutes * MINUTE_MS;
}

/** True when an item expiring at `expiry` is gone at `now` (expiry is exclusive). */
export function isExpired(expiry: number | null, now: number): boolean {
  return expiry !== null && expiry <= now;
}

/** Whether a read refreshes TTLs: its own `refreshTtl`, else the store's `refreshOnRead`. */
export function shouldRefresh(refreshTtl: boolean | undefined, config: ResolvedTtlConfig): boolean {
  return refreshTtl ?? config.refreshOnRead;
}

/**
 * Runs `sweep` every `intervalMinutes` on an unref'd timer (it never keeps the process
 * alive). Errors go to `onError` and the timer keeps going; a sweep never overlaps the
 * previous one.
 */
export class TtlSweeper {
  readonly #intervalMinutes: number | null;
  readonly #sweep: () => unknown;
  readonly #onError: (error: unknown) => void;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running = false;
  /** Set by {@link stop}: {@link wake} then leaves the timer off until {@link start}. */
  #stopped = false;

  constructor(
    intervalMinutes: number | null,
    sweep: () => unknown,
    onError: (error: unknown) => void = () => {},
  ) {
    this.#intervalMinutes = intervalMinutes;
    this.#sweep = sweep;
    this.#onError = onError;
  }

  /** True while the timer is set. */
  get started(): boolean {
    return this.#timer !== undefined;
  }

  /** Sets the timer; no-op without an interval or when already started. */
  start(): void {
    this.#stopped = false;
    if (this.#intervalMinutes === null || this.#timer !== undefined) return;
    this.#timer = setInterval(() => void this.#tick(), this.#intervalMinutes * MINUTE_MS);
    // Node and Deno timers have unref(); browsers return a number.
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Clears the timer, until the next {@link start}. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Starts the timer because items that can expire were written, unless the store's
   * owner stopped the sweeper (then it stays off until they start it again).
   */
  wake(): void {
    if (!this.#stopped) this.start();
  }

  async #tick(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.#sweep();
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#running = false;
    }
  }
}
