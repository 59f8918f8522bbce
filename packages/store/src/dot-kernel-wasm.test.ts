import { describe, expect, it } from "vitest";
import { dotKernelBytes } from "../scripts/dot-kernel.ts";
import { DOT_KERNEL_WASM_BASE64 } from "./dot-kernel-wasm.ts";

describe("the shipped WebAssembly kernel", () => {
  it("is what scripts/dot-kernel.ts encodes (run scripts/generate-dot-kernel.ts after a change)", () => {
    const shipped = Uint8Array.from(atob(DOT_KERNEL_WASM_BASE64), (c) => c.charCodeAt(0));
    expect([...shipped]).toEqual([...dotKernelBytes()]);
  });

  it("is a valid module exporting scoreSlots, importing only a memory", () => {
    const bytes = dotKernelBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.exports(module)).toEqual([{ name: "scoreSlots", kind: "function" }]);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: "env", name: "memory", kind: "memory" },
    ]);
  });
});
