import { WeftError } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { checkKeyPrefix, DEFAULT_KEY_PREFIX, prefixPatterns } from "./keys.ts";
import {
  checkAddressPart,
  globalMember,
  globalMembersOf,
  parseGlobalMember,
  SEP,
  threadKeys,
  writeField,
} from "./saver-layout.ts";

/** The hash tag Redis Cluster computes a key's slot from. */
function hashTag(key: string): string {
  const open = key.indexOf("{");
  const close = key.indexOf("}", open + 1);
  return open === -1 || close === -1 || close === open + 1 ? key : key.slice(open + 1, close);
}

describe("saver key layout", () => {
  it("puts every key of a thread under one hash tag, whatever the thread id", () => {
    for (const threadId of ["t", "a:b", "with } brace", "{x}", "ünï 😀", ""]) {
      const keys = threadKeys("app:", threadId);
      expect(new Set(keys).size).toBe(keys.length);
      expect(new Set(keys.map(hashTag)).size).toBe(1);
    }
    expect(hashTag(threadKeys("app:", "t")[0]!)).toBe("app:thread:t");
    expect(threadKeys("app:", "t")).not.toEqual(threadKeys("app2:", "t"));
  });

  it("orders a task's write fields by index, special channels first", () => {
    const fields = [-4, -1, 0, 2, 10, 100].map((index) => writeField("", "c", "task", index));
    expect([...fields].sort()).toEqual(fields);
    expect(writeField("", "c", "a", 9) < writeField("", "c", "b", 0)).toBe(true);
  });

  it("reads back global index members with any characters, and orders them by id", () => {
    const address = {
      threadId: 'th"read\u0000 😀',
      checkpointNs: "child:1|x",
      checkpointId: "1ef-2",
    };
    const member = globalMember(address.threadId, address.checkpointNs, address.checkpointId);
    expect(parseGlobalMember(member)).toEqual(address);
    expect(globalMember("zzz", "", "1ef-1") < globalMember("aaa", "", "1ef-2")).toBe(true);
    expect(globalMembersOf("t", [`id-1${SEP}ns`])).toEqual([globalMember("t", "ns", "id-1")]);
  });

  it("refuses NUL in namespaces and checkpoint ids", () => {
    expect(() => checkAddressPart("ok", "checkpoint_ns", "put")).not.toThrow();
    let error: unknown;
    try {
      checkAddressPart(`a${SEP}b`, "checkpoint_ns", "put");
    } catch (caught) {
      error = caught;
    }
    expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
  });
});

describe("key prefixes", () => {
  it("defaults to weft: and refuses braces, NUL, empty and non-strings", () => {
    expect(checkKeyPrefix(undefined)).toBe(DEFAULT_KEY_PREFIX);
    expect(checkKeyPrefix("tenant-7:")).toBe("tenant-7:");
    for (const bad of ["", "a{b", "a}b", "a\u0000", 7, null]) {
      expect(() => checkKeyPrefix(bad)).toThrow(/keyPrefix/);
    }
  });

  it("escapes glob characters in SCAN patterns", () => {
    expect(prefixPatterns("a*b?[c]\\:")).toEqual([
      "a\\*b\\?\\[c\\]\\\\:*",
      "{a\\*b\\?\\[c\\]\\\\:*",
    ]);
  });
});
