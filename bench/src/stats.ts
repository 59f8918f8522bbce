/** The median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The best of `values`: the minimum for lower-is-better metrics, else the maximum. */
export function best(values: readonly number[], better: "lower" | "higher"): number {
  if (values.length === 0) return Number.NaN;
  return better === "lower" ? Math.min(...values) : Math.max(...values);
}

/** Index-wise median of several series (of possibly different lengths). */
export function medianSeries(series: readonly (readonly number[])[]): number[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) =>
    median(series.flatMap((s) => (i < s.length ? [s[i]!] : []))),
  );
}
