import { DASHBOARD_KEYS, type DashboardKey } from '../../stages.js';
import { count, dateTime, type JsonSchema, STATUSES } from './common.js';
import { dashboardKeys, telemetrySchemas } from './index.js';

/** dashboard key → telemetry component */
export const componentOfKey: Readonly<Record<DashboardKey, string>> = Object.fromEntries(
  Object.entries(dashboardKeys).map(([component, key]) => [key, component]),
) as Record<DashboardKey, string>;

const verdict: JsonSchema = { enum: ['green', 'yellow', 'red'] };
const stageStatus: JsonSchema = { enum: [...STATUSES] };
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const trackPoint: JsonSchema = {
  type: 'object',
  required: ['open', 'stale', 'escalated'],
  properties: { open: count, stale: count, escalated: count },
};

/**
 * One point of `history`: what a merge saw, reduced to the numbers worth a trend line. A
 * component that had no telemetry yet is null in `stages` and its block is null.
 */
export const historyPointSchema: JsonSchema = {
  type: 'object',
  required: ['at', 'run', 'stages', 'sync', 'activity', 'supervisor', 'cleaner'],
  properties: {
    /** when the merge ran */
    at: dateTime,
    /** run key of the merge (`<run_id>` or `<run_id>-<attempt>`); a re-run replaces its point */
    run: { type: 'string', minLength: 1 },
    stages: {
      type: 'object',
      required: [...DASHBOARD_KEYS],
      properties: Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, nullable(stageStatus)])),
    },
    sync: nullable({
      type: 'object',
      required: ['corrections', 'malformed'],
      properties: { corrections: count, malformed: count },
    }),
    activity: nullable({
      type: 'object',
      required: ['main', 'dashboard'],
      properties: { main: trackPoint, dashboard: trackPoint },
    }),
    supervisor: nullable({
      type: 'object',
      required: ['verdict', 'main', 'dashboard'],
      properties: {
        verdict,
        main: nullable(verdict),
        dashboard: nullable(verdict),
        /** issues with drift left per track; absent in points merged before it was recorded */
        drift: {
          type: 'object',
          required: ['main', 'dashboard'],
          properties: { main: count, dashboard: count },
        },
      },
    }),
    cleaner: nullable({
      type: 'object',
      required: ['closed', 'pruned'],
      properties: { closed: count, pruned: count },
    }),
  },
};

/** A component schema embedded in the dashboard's: without its own `$id`/`$schema`. */
function embedded(component: string): JsonSchema {
  const { $id: _id, $schema: _schema, title: _title, ...rest } = telemetrySchemas[component] ?? {};
  return rest;
}

/**
 * `dashboard/dashboard.json` on the pages branch (contract: "Telemetry"): the latest valid
 * telemetry record of each component under its dashboard key (or null), when and for which
 * repository it was merged, the telemetry file each record came from, and a bounded history.
 */
export const dashboardSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://codex-suite.github.io/schemas/dashboard.json',
  title: 'Codex Suite dashboard (dashboard/dashboard.json)',
  type: 'object',
  required: ['schema_version', 'generated_at', 'repository', 'sources', 'history', ...DASHBOARD_KEYS],
  properties: {
    schema_version: { const: 1 },
    generated_at: dateTime,
    repository: { type: 'string', pattern: '^[^/\\s]+/[^/\\s]+$' },
    /** web address of the GitHub server, for issue links (GitHub Enterprise) */
    server_url: { type: 'string' },
    /** dashboard key → the pages-branch path of the telemetry file shown, or null */
    sources: {
      type: 'object',
      required: [...DASHBOARD_KEYS],
      properties: Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, nullable({ type: 'string' })])),
    },
    ...Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, nullable(embedded(componentOfKey[k]))])),
    history: { type: 'array', items: historyPointSchema },
  },
};
