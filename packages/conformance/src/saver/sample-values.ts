/**
 * Channel values covering everything the default serializer round-trips: primitives
 * at their edges, nesting, Date, bytes, Map, Set, BigInt, message-shaped objects
 * (plain, no framework), unicode (including astral characters, never NUL) and keys
 * that databases like to interpret (dots, dollars, empty).
 */
export function sampleChannelValues(): Record<string, unknown> {
  return {
    text: "plain text",
    empty: "",
    unicode: "héllo wörld — ✓ 日本語 Ελληνικά עברית 😀 𝄞 👩‍👩‍👧 \u{10FFFF}",
    int: 42,
    negative: -7,
    float: Math.PI,
    zero: 0,
    negativeZero: -0,
    maxSafe: Number.MAX_SAFE_INTEGER,
    minSafe: Number.MIN_SAFE_INTEGER,
    tiny: Number.MIN_VALUE,
    huge: Number.MAX_VALUE,
    notANumber: Number.NaN,
    infinity: Number.POSITIVE_INFINITY,
    negativeInfinity: Number.NEGATIVE_INFINITY,
    bigint: 2n ** 80n + 1n,
    negativeBigint: -(2n ** 70n),
    yes: true,
    no: false,
    nothing: null,
    nested: { a: { b: { c: [1, [2, [3, { d: "deep" }]]] } } },
    array: [1, "two", null, { three: 3 }, [4], true],
    emptyObject: {},
    emptyArray: [],
    date: new Date("2025-03-04T05:06:07.089Z"),
    dates: { created: new Date(0), list: [new Date(-1)] },
    bytes: new Uint8Array([0, 1, 127, 128, 254, 255]),
    nestedBytes: { payload: new Uint8Array(300).map((_, i) => (i * 7) % 256) },
    map: new Map<unknown, unknown>([
      ["key", 1],
      [2, { value: [3] }],
    ]),
    set: new Set<unknown>([1, "two", 3]),
    keys: {
      "a.b": 1,
      $set: 2,
      $: 3,
      "a.$b.c": { $in: [1, 2] },
      "": "empty key",
      ключ: "значение",
      "🔑": "emoji key",
      "with space": "ok",
    },
    messages: sampleMessages(),
  };
}

/** Chat messages as plain objects, shaped like the ones a graph keeps in state. */
export function sampleMessages(): Record<string, unknown>[] {
  return [
    {
      type: "human",
      id: "msg-1",
      content: "What's the weather in Paris? 🌦",
      additional_kwargs: {},
      response_metadata: {},
    },
    {
      type: "ai",
      id: "msg-2",
      content: [{ type: "text", text: "Let me check." }],
      tool_calls: [
        { id: "call_1", name: "get_weather", args: { city: "Paris" }, type: "tool_call" },
      ],
      usage_metadata: { input_tokens: 12, output_tokens: 7, total_tokens: 19 },
    },
    {
      type: "tool",
      id: "msg-3",
      content: "18°C, sunny ☀️",
      tool_call_id: "call_1",
      name: "get_weather",
      status: "success",
    },
  ];
}

/** User metadata with the same awkward keys and values. */
export function sampleMetadata(): Record<string, unknown> {
  return {
    user: "ünïcødé 😀",
    "dotted.key": { $gt: 1 },
    tags: ["a", "b"],
    score: 0.5,
    flag: false,
    none: null,
  };
}
