import { runStage } from '@codex-suite/core/runner';
import { stage } from './stage.js';

// Thin entry: everything but this stage's own logic lives in the shared library.
const result = await runStage(stage);
process.exitCode = result.exitCode;
