import { STAGE_DESCRIPTORS } from '../../stages.js';
import { activitySchema } from './activity.js';
import { cleanerSchema } from './cleaner.js';
import { codexReviewSchema } from './codex-review.js';
import type { JsonSchema } from './common.js';
import { diagnosticsSchema } from './diagnostics.js';
import { selfTestSchema } from './self-test.js';
import { supervisorSchema } from './supervisor.js';
import { syncSchema } from './sync.js';
import { telemetryMergeSchema } from './telemetry-merge.js';

/** Telemetry component → the JSON Schema its files validate against. */
export const telemetrySchemas: Readonly<Record<string, JsonSchema>> = {
  'self-test': selfTestSchema,
  cleaner: cleanerSchema,
  sync: syncSchema,
  supervisor: supervisorSchema,
  activity: activitySchema,
  diagnostics: diagnosticsSchema,
  'codex-review': codexReviewSchema,
  'telemetry-merge': telemetryMergeSchema,
};

/** The components whose latest file the dashboard shows, and the dashboard key of each. */
export const dashboardKeys: Readonly<Record<string, string>> = Object.fromEntries(
  STAGE_DESCRIPTORS.flatMap((d) => (d.dashboardKey ? [[d.component, d.dashboardKey]] : [])),
);
