import type { GitHubClient } from './github/client.js';
import { httpStatusOf, messageOf } from './github/errors.js';
import { type ProjectRef, formatProjectRef } from './project-ref.js';
import { getProject } from './repo-lookups.js';
import { repositorySettings } from './settings.js';

/** One result of a checking stage (diagnostics, self-test): a telemetry `checks[]` entry and a summary row. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

/** Whether the configured project can be read with this token, with the fix when it cannot. */
export async function projectAccess(
  github: GitHubClient,
  project: ProjectRef,
): Promise<Pick<Check, 'ok' | 'message'>> {
  const name = formatProjectRef(project);
  const setting = repositorySettings.project.env;
  try {
    const found = await getProject(github, project);
    return { ok: true, message: `The project ${name} ("${found.title}") exists and is reachable.` };
  } catch (error) {
    const status = httpStatusOf(error);
    return {
      ok: false,
      message:
        status === 404
          ? `The project ${name} was not found with this token. Check ${setting} (orgs/<org>/projects/<number>, users/<user>/projects/<number> or the project URL), and use a token that can see the project (a GH_CI_PAT with the project scope; GITHUB_TOKEN cannot read Projects v2).`
          : status === 401 || status === 403
            ? `The token may not read the project ${name} (HTTP ${status}). Pass a GH_CI_PAT with the project scope (read:project to check, project to add items) as github-token; GITHUB_TOKEN cannot read Projects v2.`
            : `Could not read the project ${name}: ${messageOf(error)}.`,
    };
  }
}
