import type { CompatLib } from "./libs.ts";

/** Where a program stopped: building the graph, compiling it, running it, or nowhere. */
export type Phase = "build" | "compile" | "run" | "none";

/** Where a program failed, with the library's error code (see `CompatLib.errorCode`). */
export interface FailurePoint {
  phase: Phase;
  /** The error's code, or `undefined` when nothing failed. */
  code: string | undefined;
  /** The error's class name, or `undefined` when nothing failed. */
  name: string | undefined;
}

/** The three stages of a graph program, each given the previous stage's result. */
export interface GraphProgram {
  /** Adds nodes and edges; returns the builder. */
  build(lib: CompatLib): any;
  /** Compiles the builder. @default `builder.compile()` */
  compile?(builder: any, lib: CompatLib): any;
  /** Uses the compiled graph. */
  run(graph: any, lib: CompatLib): Promise<unknown>;
}

/**
 * Runs a graph program stage by stage and reports the first stage that threw, so two
 * libraries can be compared on *when* they reject a mistake, not on their messages.
 */
export async function failurePoint(lib: CompatLib, program: GraphProgram): Promise<FailurePoint> {
  let phase: Phase = "build";
  try {
    const builder = program.build(lib);
    phase = "compile";
    const graph = program.compile ? program.compile(builder, lib) : builder.compile();
    phase = "run";
    await program.run(graph, lib);
    return { phase: "none", code: undefined, name: undefined };
  } catch (error) {
    return { phase, code: lib.errorCode(error), name: (error as Error).name };
  }
}
