import { existsSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDatabase } from "./temp-database.ts";

describe("tempDatabase", () => {
  it("counts the file with its log and journal, then removes its directory", () => {
    const db = tempDatabase();
    expect(db.bytes()).toBe(0);
    writeFileSync(db.path, Buffer.alloc(4096));
    writeFileSync(`${db.path}-wal`, Buffer.alloc(100));
    writeFileSync(`${db.path}-shm`, Buffer.alloc(32_768));
    expect(db.bytes()).toBe(4196);
    db.remove();
    expect(existsSync(dirname(db.path))).toBe(false);
    db.remove();
  });
});
