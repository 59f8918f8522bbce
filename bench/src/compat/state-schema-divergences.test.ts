import { describe, expect, it } from "vitest";
import { onBoth, onThread } from "./harness.ts";
import {
  INVALID_INPUTS,
  mixedSchema,
  plainZodState,
  recordingGraph,
  rejectInput,
} from "./zod-states.ts";

// StateSchema / zod-state differences where Weft differs on purpose (a clearer error, a
// safer merge). Each library's behaviour is pinned, as in divergences.test.ts.

describe("StateSchema and zod-state divergences (each library's behaviour pinned)", () => {
  it("invalid input: Weft throws GraphInputError INVALID_INPUT, the peer a bare Error or ZodError", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const codes: string[] = [];
      for (const [, input] of INVALID_INPUTS)
        codes.push(String((await rejectInput(lib, input)).code));
      return codes;
    });
    expect(weft).toEqual(Array(INVALID_INPUTS.length).fill("INVALID_INPUT"));
    // StateSchema fields fail one by one with a plain Error; a z.object as a whole, with zod's.
    expect(peer).toEqual(["Error", "Error", "Error", "$ZodError", "$ZodError"]);
  });

  it("a message dict that is no message: Weft fails with INVALID_INPUT, the peer MESSAGE_COERCION_FAILURE", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = recordingGraph(lib, mixedSchema(lib), []);
      return graph.invoke({ name: "n", messages: [{ nope: 1 }] }, onThread()).then(
        () => "none",
        (error: unknown) => lib.errorCode(error),
      );
    });
    expect(weft).toBe("INVALID_INPUT");
    expect(peer).toBe("MESSAGE_COERCION_FAILURE");
  });

  it("z.object partial input: the peer resets omitted defaulted fields, Weft keeps them", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = recordingGraph(lib, plainZodState, []);
      await graph.invoke({ name: "set", count: 1 }, onThread());
      return graph.invoke({ note: "x" }, onThread());
    });
    expect(weft).toEqual({ name: "set", count: 1, note: "x" });
    // The peer parses each input with the whole z.object, so `name`'s default is written.
    expect(peer).toEqual({ name: "anon", count: 1, note: "x" });
  });
});
