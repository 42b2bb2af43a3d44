import { PIPELINE_STAGES, type PipelineStage } from '@codex-suite/core/stages';

export type PipelineJob = PipelineStage['id'];

/** Jobs of codex-pipeline.yml in the order they run, with the telemetry component of each (core/stages.ts). */
export const PIPELINE_JOBS = Object.fromEntries(PIPELINE_STAGES.map((d) => [d.id, d.component])) as {
  readonly [J in PipelineJob]: Extract<PipelineStage, { id: J }>['component'];
};
