// Seed 003, "# Runtime" (LangChain agents): context, store and stream writer reach tools.
// The docs build the agent with `createAgent` (Weft: `@weft/agent`, tested there); here it
// is `createReactAgent` with `llm` for `model`, driven by a ScriptedChatModel. The middleware
// examples need `createMiddleware` and are not covered here.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { InMemoryStore, ScriptedChatModel, type ToolRuntime, tool } from "../../src/index.ts";
import { createReactAgent } from "../../src/prebuilt/index.ts";

const contextSchema = z.object({
  userName: z.string(),
});

const fetchUserEmailPreferences = tool(
  async (_, runtime: ToolRuntime<any, z.infer<typeof contextSchema>>) => {
    const userName = runtime.context?.userName;
    if (!userName) {
      throw new Error("userName is required");
    }
    let preferences = "The user prefers you to write a brief and polite email.";
    if (runtime.store) {
      const memory = await runtime.store?.get(["users"], userName);
      if (memory) {
        preferences = memory.value.preferences as string;
      }
    }
    return preferences;
  },
  {
    name: "fetch_user_email_preferences",
    description: "Fetch the user's email preferences.",
    schema: z.object({}),
  },
);

/** Asks for the preferences, then repeats what the tool said. */
function scriptedModel() {
  return new ScriptedChatModel({
    replies: [
      { toolCalls: [{ name: "fetch_user_email_preferences", args: {} }] },
      ({ messages }) => `Noted: ${messages.at(-1)!.text}`,
    ],
  });
}

describe("Runtime: access", () => {
  it("context passed to invoke reaches the agent's tools", async () => {
    const model = scriptedModel();
    const agent = createReactAgent({
      llm: model,
      tools: [fetchUserEmailPreferences],
      contextSchema,
    });
    const result = await agent.invoke(
      { messages: [{ role: "user", content: "What's my name?" }] },
      { context: { userName: "John Smith" } },
    );
    expect(result.messages.at(-1)!.content).toBe(
      "Noted: The user prefers you to write a brief and polite email.",
    );
  });
});

describe("Runtime: inside tools", () => {
  it("a tool reads the context and the store from its runtime", async () => {
    const store = new InMemoryStore();
    await store.put(["users"], "John Smith", { preferences: "Formal, with a signature." });
    const agent = createReactAgent({
      llm: scriptedModel(),
      tools: [fetchUserEmailPreferences],
      contextSchema,
      store,
    });
    const result = await agent.invoke(
      { messages: [{ role: "user", content: "Draft an email to my landlord." }] },
      { context: { userName: "John Smith" } },
    );
    expect(result.messages.map((m) => [m.type, m.content])).toEqual([
      ["human", "Draft an email to my landlord."],
      ["ai", ""],
      ["tool", "Formal, with a signature."],
      ["ai", "Noted: Formal, with a signature."],
    ]);
  });

  it("without a userName in the context the tool's error goes back to the model", async () => {
    const agent = createReactAgent({
      llm: scriptedModel(),
      tools: [fetchUserEmailPreferences],
    });
    const result = await agent.invoke({ messages: [{ role: "user", content: "Draft an email." }] });
    expect(result.messages[2]).toMatchObject({ type: "tool", status: "error" });
    expect(result.messages[2]!.text).toContain("userName is required");
  });
});
