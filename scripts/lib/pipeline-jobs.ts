/** Jobs of codex-pipeline.yml in the order they run, with the telemetry component of each. */
export const PIPELINE_JOBS = {
  'self-test': 'self-test',
  cleaner: 'cleaner',
  'project-sync': 'sync',
  supervisor: 'supervisor',
  activity: 'activity',
  diagnostics: 'diagnostics',
  'telemetry-merge': 'telemetry-merge',
} as const;

export type PipelineJob = keyof typeof PIPELINE_JOBS;
