import { describe, expectTypeOf, it } from "vitest";
import * as z from "zod";
import { Annotation } from "./annotation.ts";
import { ReducedValue } from "./reduced-value.ts";
import { StateSchema } from "./state-schema.ts";
import type { StateType, UpdateType } from "./state-types.ts";
import { withLangGraph } from "./zod-meta.ts";

type Expected = { name: string; tags: string[] };

const Schema = new StateSchema({
  name: z.string(),
  tags: new ReducedValue(
    z.array(z.string()).default(() => []),
    {
      inputSchema: z.string(),
      reducer: (tags, tag) => [...tags, tag],
    },
  ),
});

const Root = Annotation.Root({
  name: Annotation<string>(),
  tags: Annotation<string[], string>({ reducer: (tags, tag) => [...tags, tag], default: () => [] }),
});

const Zod = z.object({
  name: z.string(),
  tags: withLangGraph(z.array(z.string()), {
    reducer: { fn: (tags, tag: string) => [...tags, tag] },
    default: () => [],
  }),
});

describe("StateType", () => {
  it("is the same state for all three declaration styles", () => {
    expectTypeOf<StateType<typeof Schema>>().toEqualTypeOf<Expected>();
    expectTypeOf<StateType<typeof Root>>().toEqualTypeOf<Expected>();
    expectTypeOf<StateType<typeof Root.spec>>().toEqualTypeOf<Expected>();
    expectTypeOf<StateType<typeof Zod>>().toEqualTypeOf<Expected>();
  });

  it("is never for something that is not a state", () => {
    expectTypeOf<StateType<string>>().toBeNever();
  });
});

describe("UpdateType", () => {
  it("takes reducer inputs for reduced fields in all three styles", () => {
    expectTypeOf<{ name: "n"; tags: "t" }>().toMatchTypeOf<UpdateType<typeof Schema>>();
    expectTypeOf<{ name: "n"; tags: "t" }>().toMatchTypeOf<UpdateType<typeof Root>>();
    expectTypeOf<{ name: "n"; tags: "t" }>().toMatchTypeOf<UpdateType<typeof Root.spec>>();
    expectTypeOf<{ name: "n"; tags: "t" }>().toMatchTypeOf<UpdateType<typeof Zod>>();
  });

  it("makes every key optional", () => {
    expectTypeOf<{}>().toMatchTypeOf<UpdateType<typeof Schema>>();
    expectTypeOf<{}>().toMatchTypeOf<UpdateType<typeof Root>>();
    expectTypeOf<{}>().toMatchTypeOf<UpdateType<typeof Zod>>();
  });

  it("rejects wrongly typed values in all three styles", () => {
    expectTypeOf<{ name: 1 }>().not.toMatchTypeOf<UpdateType<typeof Schema>>();
    expectTypeOf<{ name: 1 }>().not.toMatchTypeOf<UpdateType<typeof Root>>();
    expectTypeOf<{ name: 1 }>().not.toMatchTypeOf<UpdateType<typeof Zod>>();
  });
});
