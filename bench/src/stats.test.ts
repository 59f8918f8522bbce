import { describe, expect, it } from "vitest";
import { best, median, medianSeries } from "./stats.ts";

describe("stats", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("picks the minimum time and the maximum rate as best", () => {
    expect(best([3, 1, 2], "lower")).toBe(1);
    expect(best([3, 1, 2], "higher")).toBe(3);
  });

  it("takes index-wise medians of series of different lengths", () => {
    expect(
      medianSeries([
        [1, 10, 5],
        [3, 20],
        [2, 30],
      ]),
    ).toEqual([2, 20, 5]);
  });
});
