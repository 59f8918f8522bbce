/**
 * Handoffs inside one agent: a `currentStep` state field selects the system prompt and the
 * tools of each model call (a `wrapModelCall` middleware), and a tool moves the
 * conversation to the next step by returning a `Command` that updates that field. With a
 * checkpointer the step survives between turns of a thread.
 *
 * The program is the "Customer support with middleware" example of the Handoffs page with
 * its imports changed to `@weft/agent` / `@weft/graph` (the page leaves `provideSolution`,
 * `escalate` and `model` to the reader; they are defined here); a scripted model plays
 * the LLM.
 *
 * Run from the repo root: `node --conditions=@weft/source packages/agent/examples/multi-handoffs-middleware.ts`
 */
import { createAgent, createMiddleware, ToolMessage, type ToolRuntime, tool } from "@weft/agent";
import { Command, MemorySaver, ScriptedChatModel } from "@weft/graph";
import { z } from "zod";

// 1. Define state with current_step tracker
const SupportState = z.object({
  currentStep: z.string().default("triage"),
  warrantyStatus: z.string().optional(),
});

// 2. Tools update currentStep via Command
const recordWarrantyStatus = tool(
  async ({ status }: { status: string }, config: ToolRuntime<z.infer<typeof SupportState>>) => {
    return new Command({
      update: {
        messages: [
          new ToolMessage({
            content: `Warranty status recorded: ${status}`,
            tool_call_id: config.toolCallId,
          }),
        ],
        warrantyStatus: status,
        // Transition to next step
        currentStep: "specialist",
      },
    });
  },
  {
    name: "record_warranty_status",
    description: "Record warranty status and transition",
    schema: z.object({ status: z.string() }),
  },
);

const provideSolution = tool(
  async ({ solution }: { solution: string }) => `Solution sent to the customer: ${solution}`,
  {
    name: "provide_solution",
    description: "Send the customer a solution.",
    schema: z.object({ solution: z.string() }),
  },
);

const escalate = tool(async ({ reason }: { reason: string }) => `Escalated to a human: ${reason}`, {
  name: "escalate_to_human",
  description: "Escalate the case to a human.",
  schema: z.object({ reason: z.string() }),
});

// 3. Middleware applies dynamic configuration based on currentStep
const applyStepConfig = createMiddleware({
  name: "applyStepConfig",
  stateSchema: SupportState,
  wrapModelCall: async (request, handler) => {
    const step = request.state.currentStep || "triage";

    // Map steps to their configurations
    const configs = {
      triage: {
        prompt: "Collect warranty information...",
        tools: [recordWarrantyStatus],
      },
      specialist: {
        prompt: `Provide solutions based on warranty: ${request.state.warrantyStatus}`,
        tools: [provideSolution, escalate],
      },
    };

    const config = configs[step as keyof typeof configs];
    return handler({
      ...request,
      systemPrompt: config.prompt,
      tools: config.tools,
    });
  },
});

// A scripted stand-in for the LLM, one reply per model call over three turns.
const model = new ScriptedChatModel({
  replies: [
    "Is your device still under warranty?",
    { toolCalls: [{ name: "record_warranty_status", args: { status: "in_warranty" } }] },
    "Thanks! Can you describe the issue?",
    { toolCalls: [{ name: "provide_solution", args: { solution: "free screen repair" } }] },
    "Your screen will be repaired for free under warranty.",
  ],
});

// 4. Create agent with middleware
const agent = createAgent({
  model,
  tools: [recordWarrantyStatus, provideSolution, escalate],
  middleware: [applyStepConfig],
  checkpointer: new MemorySaver(), // Persist state across turns
});

const config = { configurable: { thread_id: "support-1" } };
for (const text of [
  "My phone is broken",
  "Yes, it's still under warranty",
  "The screen is cracked",
]) {
  const result = await agent.invoke({ messages: [{ role: "user", content: text }] }, config);
  console.log(`user: ${text}`);
  console.log(`  agent (${result.currentStep}): ${result.messages.at(-1)?.text}`);
}
for (const call of model.calls) {
  console.log(
    `call ${call.index + 1}: prompt="${call.messages[0]?.text}" tools=${call.tools.map((t) => t.name).join(",")}`,
  );
}
