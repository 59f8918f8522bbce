import { describe, expect, it } from "vitest";
import { deterministicId, uuid6 } from "./id.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuid6", () => {
  it("has the RFC 9562 version-6 layout", () => {
    const id = uuid6();
    expect(id).toMatch(UUID);
    expect(id[14]).toBe("6");
  });

  it("is strictly increasing as strings over 100k ids made in a tight loop", () => {
    const ids = new Array<string>(100_000);
    for (let i = 0; i < ids.length; i++) ids[i] = uuid6(i);
    for (let i = 1; i < ids.length; i++) {
      if (!(ids[i - 1]! < ids[i]!))
        throw new Error(`ids ${i - 1} and ${i} out of order: ${ids[i - 1]} ${ids[i]}`);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("encodes the current time in its timestamp", () => {
    const before = Date.now();
    const id = uuid6();
    const hex = id.slice(0, 8) + id.slice(9, 13) + id.slice(15, 18);
    const ms = Number(BigInt(`0x${hex}`) / 10_000n) - 12_219_292_800_000;
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1000); // may run ahead after a burst
  });

  it("puts the masked clock sequence after the timestamp", () => {
    expect(uuid6(-2).slice(19, 23)).toBe("bffe");
    expect(uuid6(5).slice(19, 23)).toBe("8005");
  });
});

describe("deterministicId", () => {
  it("is a pure function of its parts", () => {
    expect(deterministicId("cp", "", "3", "agent")).toBe(deterministicId("cp", "", "3", "agent"));
  });

  it("is uuid-formatted with version 8", () => {
    const id = deterministicId("a", "b");
    expect(id).toMatch(UUID);
    expect(id[14]).toBe("8");
  });

  it("separates parts unambiguously", () => {
    const ids = [
      deterministicId("ab"),
      deterministicId("a", "b"),
      deterministicId("a", "", "b"),
      deterministicId("b", "a"),
      deterministicId(),
      deterministicId(""),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("does not collide over many similar inputs", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50_000; i++)
      ids.add(deterministicId("1f0c3a52-8b4e-6e20", "", String(i), "node"));
    expect(ids.size).toBe(50_000);
  });
});
