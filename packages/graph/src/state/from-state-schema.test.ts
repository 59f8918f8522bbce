import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import * as z4 from "zod/v4";
import { Overwrite, type OverwriteValue } from "../channels/index.ts";
import { WeftError } from "../errors.ts";
import { ReducedValue } from "./reduced-value.ts";
import { StateSchema } from "./state-schema.ts";
import { toStateDefinition } from "./to-state-definition.ts";
import { UntrackedValue } from "./untracked-value.ts";

const State = new StateSchema({
  foo: z.string(),
  count: z.number().default(0),
  note: z.string().optional(),
  bar: new ReducedValue(
    z.array(z.string()).default(() => []),
    {
      inputSchema: z.array(z.string()),
      reducer: (x, y) => x.concat(y),
    },
  ),
  total: new ReducedValue(z4.number(), { reducer: (a, b) => a + b }),
  scratch: new UntrackedValue(z.string()),
});

function fresh(key: string) {
  const channel = toStateDefinition(State).channels[key];
  if (channel === undefined) throw new Error(`no channel ${key}`);
  return channel.fromCheckpoint();
}

describe("StateSchema → state definition", () => {
  it("lists keys in declaration order", () => {
    expect(toStateDefinition(State).keys).toEqual([
      "foo",
      "count",
      "note",
      "bar",
      "total",
      "scratch",
    ]);
  });

  it("starts plain fields empty, or at their zod default", () => {
    expect(fresh("foo").isAvailable()).toBe(false);
    expect(fresh("note").isAvailable()).toBe(false);
    expect(fresh("count").get()).toBe(0);
  });

  it("keeps a defaulted plain field a last-value channel", () => {
    const count = fresh("count");
    count.update([4]);
    expect(count.get()).toBe(4);
    expect(() => count.update([1, 2])).toThrow(
      expect.objectContaining({ code: "INVALID_CONCURRENT_GRAPH_UPDATE" }),
    );
  });

  it("folds ReducedValue writes with the reducer, from the value schema's default", () => {
    const bar = fresh("bar");
    expect(bar.get()).toEqual([]);
    bar.update([["a"], ["b"]]);
    bar.update([["c"]]);
    expect(bar.get()).toEqual(["a", "b", "c"]);
  });

  it("lets an Overwrite replace a ReducedValue instead of reducing", () => {
    const bar = fresh("bar");
    bar.update([["a"]]);
    bar.update([new Overwrite(["fresh"]), ["b"]]);
    expect(bar.get()).toEqual(["fresh"]);
    expectTypeOf({ bar: new Overwrite(["x"]) }).toMatchTypeOf<typeof State.Update>();
  });

  it("names the field in the concurrent-update error of a plain field", () => {
    expect(() => fresh("foo").update(["a", "b"])).toThrow(/foo/);
  });

  it("starts a ReducedValue without default empty", () => {
    const total = fresh("total");
    expect(total.isAvailable()).toBe(false);
    total.update([2, 3]);
    expect(total.get()).toBe(5);
  });

  it("never checkpoints an UntrackedValue, and guards it by default", () => {
    const scratch = fresh("scratch");
    scratch.update(["tmp"]);
    expect(scratch.get()).toBe("tmp");
    expect(scratch.checkpoint()).toBeUndefined();
    expect(() => scratch.update(["a", "b"])).toThrow(WeftError);
  });

  it("passes the guard option and the schema default to the untracked channel", () => {
    const Loose = new StateSchema({
      cache: new UntrackedValue(
        z.record(z.string(), z.number()).default(() => ({})),
        {
          guard: false,
        },
      ),
      bare: new UntrackedValue<number>(),
    });
    const definition = toStateDefinition(Loose);
    const cache = definition.channels.cache?.fromCheckpoint();
    expect(cache?.get()).toEqual({});
    cache?.update([{ a: 1 }, { b: 2 }]);
    expect(cache?.get()).toEqual({ b: 2 });
    expect(definition.parseInput?.({ bare: "not checked" })).toEqual({ bare: "not checked" });
  });

  it("parses input with each field's input schema", () => {
    const { parseInput } = toStateDefinition(State);
    expect(parseInput?.({ foo: "x", bar: ["a"], scratch: "s", unknown: 1 })).toEqual({
      foo: "x",
      bar: ["a"],
      scratch: "s",
    });
  });

  it("rejects invalid input with INVALID_INPUT naming the field path", () => {
    const { parseInput } = toStateDefinition(State);
    expect(() => parseInput?.({ foo: 1, bar: "a" })).toThrow(
      expect.objectContaining({
        code: "INVALID_INPUT",
        details: {
          issues: [
            expect.objectContaining({ path: ["foo"] }),
            expect.objectContaining({ path: ["bar"] }),
          ],
        },
      }),
    );
  });

  it("rejects a field that is not a schema or state value", () => {
    const Bad = new StateSchema({ foo: 42 as never });
    expect(() => toStateDefinition(Bad)).toThrow(
      expect.objectContaining({ code: "INVALID_GRAPH" }),
    );
  });

  it("is recognized across copies by its marker", () => {
    expect(StateSchema.isInstance(State)).toBe(true);
    expect(StateSchema.isInstance({ fields: {} })).toBe(false);
    expect(State.init).toBe(State.fields);
  });
});

describe("StateSchema types", () => {
  it("infers the full state, with optional fields optional", () => {
    expectTypeOf<typeof State.State>().toEqualTypeOf<{
      foo: string;
      count: number;
      note?: string | undefined;
      bar: string[];
      total: number;
      scratch: string;
    }>();
  });

  it("infers updates from the input types", () => {
    type Update = typeof State.Update;
    expectTypeOf<Update["foo"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Update["count"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<{ bar: string[] }>().toMatchTypeOf<Update>();
    expectTypeOf<{ bar: string }>().not.toMatchTypeOf<Update>();
    expectTypeOf<{ foo: number }>().not.toMatchTypeOf<Update>();
  });

  it("types node functions with typeof State.Node", () => {
    const node: typeof State.Node = (state) => {
      expectTypeOf(state.count).toEqualTypeOf<number>();
      return { bar: [state.foo] };
    };
    expectTypeOf(node).parameter(0).toEqualTypeOf<typeof State.State>();
    // @ts-expect-error a number is not a valid `foo` update
    const bad: typeof State.Node = () => ({ foo: 1 });
    expect(typeof bad).toBe("function");
  });

  it("infers a ReducedValue's input type from inputSchema", () => {
    const Log = new StateSchema({
      log: new ReducedValue(
        z.array(z.string()).default(() => []),
        {
          inputSchema: z.string(),
          reducer: (log, line) => [...log, line],
        },
      ),
    });
    expectTypeOf<typeof Log.State>().toEqualTypeOf<{ log: string[] }>();
    expectTypeOf<typeof Log.Update>().toEqualTypeOf<{
      log?: string | OverwriteValue<string[]>;
    }>();
  });
});
