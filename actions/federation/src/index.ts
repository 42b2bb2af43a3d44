import { actionsCoreIO } from '@codex-suite/core/action-io';
import { runOverview } from './overview-mode.js';
import { runPlan } from './plan-mode.js';
import { runShard } from './run-mode.js';

// Thin entry: one action, three steps of the federation workflow.
const io = actionsCoreIO();
const mode = io.getInput('mode');
try {
  if (mode === 'plan') await runPlan(io);
  else if (mode === 'run') await runShard(io);
  else if (mode === 'overview') await runOverview(io);
  else io.setFailed(`Unknown mode ${JSON.stringify(mode)}: expected plan, run or overview.`);
} catch (error) {
  io.setFailed((error as Error).message);
}
