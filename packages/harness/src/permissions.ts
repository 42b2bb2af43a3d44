/**
 * GITHUB_TOKEN permissions as GitHub computes them (docs: "Controlling permissions for
 * GITHUB_TOKEN", "GITHUB_TOKEN reference"): a `permissions:` map sets the scopes it names and
 * every other scope to none; `read-all` / `write-all` set every scope; `{}` sets none; no key at
 * all means the repository's default, permissive (read/write) or restricted (contents and
 * packages read, the default of repositories and organisations created since February 2023).
 */
export type Access = 'none' | 'read' | 'write';
export type Permissions = Record<string, Access>;
export type DefaultPermissions = 'restricted' | 'permissive';

export const SCOPES = [
  'actions',
  'attestations',
  'checks',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
] as const;

const RANK: Record<Access, number> = { none: 0, read: 1, write: 2 };
/** Scopes that only know write and none. */
const WRITE_ONLY = new Set(['id-token']);

function every(access: Access): Permissions {
  return Object.fromEntries(
    SCOPES.map((s) => [s, WRITE_ONLY.has(s) && access === 'read' ? 'none' : access]),
  ) as Permissions;
}

export function repositoryDefault(kind: DefaultPermissions): Permissions {
  if (kind === 'restricted') return { ...every('none'), contents: 'read', packages: 'read' };
  return { ...every('write'), 'id-token': 'none' };
}

/** The permissions a `permissions:` value grants; undefined when the value is absent. */
export function expandPermissions(spec: unknown): Permissions | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (spec === 'read-all') return every('read');
  if (spec === 'write-all') return every('write');
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    throw new Error(`permissions: ${JSON.stringify(spec)} is neither read-all, write-all nor a map`);
  }
  const out = every('none');
  for (const [scope, access] of Object.entries(spec as Record<string, unknown>)) {
    if (access !== 'none' && access !== 'read' && access !== 'write') {
      throw new Error(`permissions: ${scope}: ${JSON.stringify(access)} is not read, write or none`);
    }
    out[scope] = access;
  }
  return out;
}

/** The scopes `requested` asks for beyond `allowed`, in GitHub's `scope: access` words. */
export function excess(
  requested: Permissions,
  allowed: Permissions,
): { asked: string; allowed: string } | undefined {
  const over = Object.keys(requested)
    .filter((s) => RANK[requested[s]!] > RANK[allowed[s] ?? 'none'])
    .sort();
  if (over.length === 0) return undefined;
  return {
    asked: over.map((s) => `${s}: ${requested[s]}`).join(', '),
    allowed: over.map((s) => `${s}: ${allowed[s] ?? 'none'}`).join(', '),
  };
}
