import { httpStatusOf, messageOf } from './github/errors.js';
import { type ProjectRef, formatProjectRef } from './project-ref.js';
import type { RepoInfo } from './repo-lookups.js';
import { commonSettings, repositorySettings } from './settings.js';

/** One result of a checking stage (diagnostics, self-test): a telemetry `checks[]` entry and a summary row. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

/** What a read gave: its value, or the error it failed with. */
export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/** Runs a read and keeps its failure as a value, so the checks over it stay pure. */
export async function attempt<T>(read: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The access checks diagnostics and self-test share: each check, and each message about the
 * token's access, is written here once.
 */

/** `token`: the token can read the repository (and what GitHub says it may do), or the fix. */
export function tokenCheck(repository: string, read: Read<RepoInfo>): Check {
  const name = 'token';
  if (read.ok)
    return {
      name,
      ok: true,
      message: `The token can read ${read.value.fullName}${permissionsOf(read.value)}.`,
    };
  const status = httpStatusOf(read.error);
  return {
    name,
    ok: false,
    message:
      status === 401
        ? `The token was rejected (HTTP 401: bad credentials). Renew the GH_CI_PAT secret (Settings → Secrets and variables → Actions → Secrets) or pass a valid ${commonSettings.githubToken.input}.`
        : status === 403 || status === 404
          ? `The token cannot read ${repository} (HTTP ${status}). Check the repository input and give the token access to the repository.`
          : `Could not read ${repository}: ${messageOf(read.error)}.`,
  };
}

function permissionsOf(info: RepoInfo): string {
  const p = info.permissions;
  if (!p) return '';
  const granted = (['admin', 'push', 'triage', 'pull'] as const).filter((k) => p[k] === true);
  return ` (permissions: ${granted.length > 0 ? granted.join(', ') : 'none'})`;
}

/** Why nothing can be published or repaired when GitHub reports `permissions.push: false`. */
function pushDenied(repository: string, branch: string): string {
  return `The token may not push to ${repository} (permissions.push is false), so telemetry cannot be published to ${branch} and nothing can be repaired. Pass a GH_CI_PAT with repo and project scopes as ${commonSettings.githubToken.input}, or grant the workflow permissions: contents: write, issues: write.`;
}

/** `token write access`: whether the token may push to the repository, and what that allows. */
export function writeAccessCheck(repository: string, branch: string, info: RepoInfo): Check {
  const push = info.permissions?.push;
  return {
    name: 'token write access',
    ok: push !== false,
    message:
      push === false
        ? pushDenied(repository, branch)
        : push === true
          ? `The token may push to ${repository}${info.permissions?.admin ? ' and is an administrator (the cleaner can delete issues)' : ' (not an administrator: the cleaner closes issues instead of deleting them)'}.`
          : 'GitHub does not report this token’s permissions; write access is proven when the stages publish telemetry.',
  };
}

/** The pages branch could not be read: the message of the check that needed it. */
export function pagesBranchUnreadable(branch: string, error: unknown): string {
  return `Could not read the ${branch} branch: ${messageOf(error)}. Give the token contents: read (and write, to publish).`;
}

/**
 * `pages write access`: write access to the pages branch, proven without writing: the branch is
 * readable (or absent: the first publish creates it) and the token may push.
 */
export function pagesAccessCheck(
  repository: string,
  branch: string,
  info: RepoInfo,
  exists: Read<boolean>,
): Check {
  const name = 'pages write access';
  if (!exists.ok) return { name, ok: false, message: pagesBranchUnreadable(branch, exists.error) };
  const push = info.permissions?.push;
  if (push === false) return { name, ok: false, message: pushDenied(repository, branch) };
  const pushNote =
    push === true ? 'the token may push' : 'GitHub does not report push permission for this token';
  return {
    name,
    ok: true,
    message: exists.value
      ? `The ${branch} branch is readable and ${pushNote}.`
      : `The ${branch} branch does not exist yet (the first telemetry publish creates it) and ${pushNote}.`,
  };
}

/** Whether the configured project could be read with this token, with the fix when it cannot. */
export function projectCheck(name: string, project: ProjectRef, read: Read<{ title: string }>): Check {
  const ref = formatProjectRef(project);
  const setting = repositorySettings.project.env;
  if (read.ok)
    return { name, ok: true, message: `The project ${ref} ("${read.value.title}") exists and is reachable.` };
  const status = httpStatusOf(read.error);
  return {
    name,
    ok: false,
    message:
      status === 404
        ? `The project ${ref} was not found with this token. Check ${setting} (orgs/<org>/projects/<number>, users/<user>/projects/<number> or the project URL), and use a token that can see the project (a GH_CI_PAT with the project scope; GITHUB_TOKEN cannot read Projects v2).`
        : status === 401 || status === 403
          ? `The token may not read the project ${ref} (HTTP ${status}). Pass a GH_CI_PAT with the project scope (read:project to check, project to add items) as ${commonSettings.githubToken.input}; GITHUB_TOKEN cannot read Projects v2.`
          : `Could not read the project ${ref}: ${messageOf(read.error)}.`,
  };
}

/** A configured milestone that does not exist: the message, with the three ways to fix it. */
export function milestoneMissing(title: string, env: string): string {
  return `The milestone '${title}' does not exist. Create the milestone '${title}' (Issues → Milestones → New milestone) or run Codex diagnostics with repair: true, or set ${env} to an existing milestone (Settings → Secrets and variables → Actions → Variables).`;
}
