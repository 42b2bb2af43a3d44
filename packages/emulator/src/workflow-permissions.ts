import type { Access, PermissionScope, TokenPermissions } from './types.js';

/**
 * The emulator scope of each `permissions:` key a workflow may write (GitHub's spelling, e.g.
 * `pull-requests`); null for the ones the emulator does not model (a grant of those opens no
 * route here, as none of its routes need them).
 */
const WORKFLOW_SCOPES: Readonly<Record<string, PermissionScope | null>> = {
  contents: 'contents',
  issues: 'issues',
  pages: 'pages',
  'pull-requests': 'pull_requests',
  actions: null,
  attestations: null,
  checks: null,
  deployments: null,
  discussions: null,
  'id-token': null,
  models: null,
  packages: null,
  // classic projects; the emulator's `projects` are Projects v2, which GITHUB_TOKEN never reaches
  'repository-projects': null,
  'security-events': null,
  statuses: null,
};

/**
 * A job's GITHUB_TOKEN permissions, as the workflow spells them, in the emulator's terms: the one
 * place the two spellings meet, so a scope is never dropped for being spelt differently. `none`
 * grants nothing; a key GitHub does not know is refused rather than ignored.
 */
export function workflowTokenPermissions(
  permissions: Readonly<Record<string, 'none' | Access>>,
): TokenPermissions {
  const granted: TokenPermissions = {};
  for (const [key, access] of Object.entries(permissions)) {
    if (!(key in WORKFLOW_SCOPES)) throw new Error(`permissions: '${key}' is not a GITHUB_TOKEN scope`);
    const scope = WORKFLOW_SCOPES[key];
    if (scope && access !== 'none') granted[scope] = access;
  }
  return granted;
}
