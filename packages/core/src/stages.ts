/**
 * Every stage of the suite once: its action folder (`actions/<id>`, the pipeline job id), its
 * telemetry component, its dashboard key, in the order a pipeline run takes them. The pipeline
 * job table, the scripts' stage lists, the dashboard keys and the docs derive from this list;
 * test/stage-descriptors.test.ts holds each stage definition and the pipeline workflow to it.
 */
export const STAGE_DESCRIPTORS = [
  { id: 'self-test', component: 'self-test', dashboardKey: 'selftest', pipeline: true },
  { id: 'cleaner', component: 'cleaner', dashboardKey: 'cleaner', pipeline: true },
  { id: 'project-sync', component: 'sync', dashboardKey: 'sync', pipeline: true },
  { id: 'supervisor', component: 'supervisor', dashboardKey: 'supervisor', pipeline: true },
  { id: 'activity', component: 'activity', dashboardKey: 'activity', pipeline: true },
  { id: 'diagnostics', component: 'diagnostics', dashboardKey: 'diagnostics', pipeline: true },
  // Last of the pipeline: it merges the telemetry of every job before it.
  { id: 'telemetry-merge', component: 'telemetry-merge', dashboardKey: null, pipeline: true },
  // Runs on pull requests, in its own workflow.
  { id: 'codex-review', component: 'codex-review', dashboardKey: 'codex_review', pipeline: false },
] as const;

export type StageDescriptor = (typeof STAGE_DESCRIPTORS)[number];
export type PipelineStage = Extract<StageDescriptor, { pipeline: true }>;
export type DashboardKey = NonNullable<StageDescriptor['dashboardKey']>;

/**
 * The dashboard keys in the contract's order (dashboard.json, its schema and the merge report list
 * them so), which is not the pipeline's: each one a stage's `dashboardKey`, every one once.
 */
export const DASHBOARD_KEYS = [
  'supervisor',
  'cleaner',
  'selftest',
  'sync',
  'activity',
  'diagnostics',
  'codex_review',
] as const satisfies readonly DashboardKey[];

/** The stages of codex-pipeline.yml, in job order. */
export const PIPELINE_STAGES = STAGE_DESCRIPTORS.filter((d): d is PipelineStage => d.pipeline);

/** Position of a stage in the reference order (unknown ids last). */
export function stageOrder(id: string): number {
  const at = STAGE_DESCRIPTORS.findIndex((d) => d.id === id);
  return at === -1 ? STAGE_DESCRIPTORS.length : at;
}
