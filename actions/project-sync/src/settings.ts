import { DEFAULT_INDEX_MAX_AGE_HOURS } from '@codex-suite/core/issues/issue-index';
import { repositorySettings, type SettingDefs } from '@codex-suite/core/settings';

/** Settings of project-sync besides the common ones. */
export const settings = {
  mainMilestone: repositorySettings.mainMilestone,
  dashboardMilestone: repositorySettings.dashboardMilestone,
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
  fullScan: {
    input: 'full-scan',
    env: 'CODEX_FULL_SCAN',
    kind: 'boolean',
    default: false,
    description:
      '`true`: ignore the saved issue index (`state/issue-index.json` on the pages branch), list every open issue and re-list the project items.',
  },
  indexMaxAgeHours: {
    input: 'index-max-age-hours',
    env: 'CODEX_INDEX_MAX_AGE_HOURS',
    kind: 'integer',
    default: DEFAULT_INDEX_MAX_AGE_HOURS,
    min: 1,
    max: 8760,
    description:
      'Hours after the last full pass at which the issue index is rebuilt from a full list instead of read incrementally.',
  },
} as const satisfies SettingDefs;
