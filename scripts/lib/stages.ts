import { stage as activity } from '../../actions/activity/src/stage.js';
import { stage as cleaner } from '../../actions/cleaner/src/stage.js';
import { stage as codexReview } from '../../actions/codex-review/src/stage.js';
import { stage as diagnostics } from '../../actions/diagnostics/src/stage.js';
import { stage as projectSync } from '../../actions/project-sync/src/stage.js';
import { stage as selfTest } from '../../actions/self-test/src/stage.js';
import { stage as supervisor } from '../../actions/supervisor/src/stage.js';
import { stage as telemetryMerge } from '../../actions/telemetry-merge/src/stage.js';
import type { StageDefinition } from '@codex-suite/core/stage';
import { PIPELINE_STAGES, stageOrder } from '@codex-suite/core/stages';

/** Every stage of the suite, in the reference order of a pipeline run (core/stages.ts). */
export const STAGES: readonly StageDefinition<any, any>[] = [
  selfTest,
  cleaner,
  projectSync,
  supervisor,
  activity,
  telemetryMerge,
  diagnostics,
  codexReview,
].sort((a, b) => stageOrder(a.id) - stageOrder(b.id));

/** The stages of the pipeline workflow, in job order: every stage but codex-review. */
export const PIPELINE_DEFINITIONS: readonly StageDefinition<any, any>[] = PIPELINE_STAGES.map(
  (d) => STAGES.find((s) => s.id === d.id)!,
);

/**
 * One pipeline run as the reliability runs overlap it: the pipeline's jobs in their order,
 * diagnostics (which runs beside them and only checks the configuration) left out.
 */
export const PIPELINE_RUN: readonly StageDefinition<any, any>[] = PIPELINE_DEFINITIONS.filter(
  (s) => s.id !== 'diagnostics',
);
