import { runStage } from '@codex-suite/core/runner';
import { stage } from './stage.js';

/** Runs the stage under the suite's runner; loaded by the entry once a token is given. */
export async function main(): Promise<number> {
  return (await runStage(stage)).exitCode;
}
