/** A number with about three significant digits, grouped for reading. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)} k`;
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** A byte count in binary units ("512 B", "48.0 KiB", "3.21 MiB"). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  if (bytes < 1024) return `${bytes.toFixed(0)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(2)} MiB`;
}

/**
 * A value with its unit ("2.16 ms", "3.07 M ev/s", "21.9×"). Units of bytes ("B",
 * "B/message") scale to KiB and MiB.
 */
export function formatValue(value: number | undefined, unit: string): string {
  if (value === undefined) return "failed";
  if (unit === "×") return `${formatNumber(value)}×`;
  if (unit === "B" || unit.startsWith("B/")) return `${formatBytes(value)}${unit.slice(1)}`;
  return `${formatNumber(value)} ${unit}`;
}

/** Weft's speed-up factor ("21.9×", "0.84×"). */
export function formatSpeedup(speedup: number | undefined): string {
  return speedup === undefined ? "" : `${formatNumber(speedup)}×`;
}

/** A size in MiB ("98 MB"). */
export function formatMb(mb: number | undefined): string {
  return mb === undefined ? "failed" : `${mb.toFixed(0)} MB`;
}
