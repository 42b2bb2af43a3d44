import type { SettingDef } from '@codex-suite/core/settings';

/** Cleaner-only setting: delete retired self-test issues instead of closing them. */
export const deleteSetting = {
  input: 'delete',
  env: 'CODEX_CLEANER_DELETE',
  kind: 'boolean',
  default: false,
  description:
    'Delete retired self-test issues (GraphQL `deleteIssue`; needs a token with admin rights on the repository) instead of closing them as not planned. Without admin rights they are closed and the reason is reported.',
} as const satisfies SettingDef;
