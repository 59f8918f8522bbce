import { describe, expect, expectTypeOf, it } from "vitest";
import type { BaseChannel } from "../channels/base.ts";
import { Annotation, AnnotationRoot } from "./annotation.ts";
import { toStateDefinition } from "./to-state-definition.ts";

const State = Annotation.Root({
  foo: Annotation<string>(),
  bare: Annotation<number>,
  bar: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  legacy: Annotation<number>({ value: (a, b) => a + b }),
});

function fresh(key: string): BaseChannel {
  const channel = toStateDefinition(State).channels[key];
  if (channel === undefined) throw new Error(`no channel ${key}`);
  return channel.fromCheckpoint();
}

describe("Annotation.Root → state definition", () => {
  it("builds one channel per field, in order, without an input parser", () => {
    const definition = toStateDefinition(State);
    expect(definition.keys).toEqual(["foo", "bare", "bar", "legacy"]);
    expect(definition.parseInput).toBeUndefined();
  });

  it("makes Annotation<T>() and uncalled Annotation<T> last-value channels", () => {
    for (const key of ["foo", "bare"]) {
      const channel = fresh(key);
      expect(channel.isAvailable()).toBe(false);
      channel.update(["v"]);
      expect(channel.get()).toBe("v");
      expect(() => channel.update(["a", "b"])).toThrow(
        expect.objectContaining({ code: "INVALID_CONCURRENT_GRAPH_UPDATE" }),
      );
    }
  });

  it("folds reducer fields from their default", () => {
    const bar = fresh("bar");
    expect(bar.get()).toEqual([]);
    bar.update([["a"], ["b"]]);
    expect(bar.get()).toEqual(["a", "b"]);
  });

  it("accepts the deprecated `value` reducer key", () => {
    const legacy = fresh("legacy");
    legacy.update([1, 2]);
    expect(legacy.get()).toBe(3);
  });

  it("exposes the spec for spreading into another root", () => {
    const Extended = Annotation.Root({ ...State.spec, extra: Annotation<boolean>() });
    expect(toStateDefinition(Extended).keys).toEqual(["foo", "bare", "bar", "legacy", "extra"]);
  });

  it("rejects spec entries that are not channels", () => {
    const Bad = Annotation.Root({ foo: "nope" as never });
    expect(() => toStateDefinition(Bad)).toThrow(
      expect.objectContaining({ code: "INVALID_GRAPH" }),
    );
  });

  it("is recognized by its lc_graph_name", () => {
    expect(AnnotationRoot.isInstance(State)).toBe(true);
    expect(AnnotationRoot.isInstance({ lc_graph_name: "AnnotationRoot", spec: {} })).toBe(true);
    expect(AnnotationRoot.isInstance({ spec: {} })).toBe(false);
  });
});

describe("Annotation types", () => {
  it("infers State and Update", () => {
    expectTypeOf<typeof State.State>().toEqualTypeOf<{
      foo: string;
      bare: number;
      bar: string[];
      legacy: number;
    }>();
    expectTypeOf<{ foo: string; bar: string[] }>().toMatchTypeOf<typeof State.Update>();
    expectTypeOf<{ foo: number }>().not.toMatchTypeOf<typeof State.Update>();
  });

  it("takes the reducer's update type for updates", () => {
    const Sum = Annotation.Root({
      items: Annotation<string[], string | string[]>({
        reducer: (a, b) => a.concat(b),
        default: () => [],
      }),
    });
    expectTypeOf<{ items: "x" }>().toMatchTypeOf<typeof Sum.Update>();
    expectTypeOf<{ items: 1 }>().not.toMatchTypeOf<typeof Sum.Update>();
  });

  it("types node functions with typeof State.Node", () => {
    const node: typeof State.Node = (state) => ({ bar: [state.foo] });
    expectTypeOf(node).parameter(0).toEqualTypeOf<typeof State.State>();
  });
});
