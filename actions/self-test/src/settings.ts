import type { SettingDef } from '@codex-suite/core/settings';

/** Self-test-only setting: how often a new self-test issue may be filed. */
export const issueIntervalSetting = {
  input: 'issue-interval-hours',
  env: 'CODEX_SELFTEST_ISSUE_INTERVAL_HOURS',
  kind: 'integer',
  default: 24,
  min: 0,
  max: 720,
  description:
    'File a new self-test issue at most once in this many hours; a run within the interval proves the pipeline on the newest self-test issue the ledger proves the suite filed instead (listed again, not changed). 0: a new issue every run.',
} as const satisfies SettingDef;
