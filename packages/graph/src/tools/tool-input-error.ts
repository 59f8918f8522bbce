import { WeftError } from "@weft/checkpoint";

/**
 * A tool was called with arguments that do not match its schema. Code `INVALID_INPUT`;
 * `details` has the tool name and the issues. `ToolNode` turns it into an error
 * `ToolMessage` so the model can correct itself.
 */
export class ToolInputError extends WeftError {
  constructor(tool: string, issues: string[], args: unknown) {
    super(
      "INVALID_INPUT",
      `Received tool input did not match expected schema (tool "${tool}"): ${issues.join("; ")}`,
      { details: { tool, issues, args } },
    );
  }
}
