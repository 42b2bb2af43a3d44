import { httpStatusOf, messageOf, rethrowIfRateLimited } from '@codex-suite/core/github/errors';
import type { ReadOnlyGitHub } from '@codex-suite/core/github/read-only';
import type { RepositoryRef } from '@codex-suite/core/repository-ref';
import type { Check } from '@codex-suite/core/checks';

/** What `GET /repos/{owner}/{repo}/pages` told (GitHub answers 404 while Pages is off). */
export type PagesSite =
  | {
      readonly state: 'on';
      readonly htmlUrl: string;
      readonly buildType: string | null;
      readonly source: { readonly branch: string; readonly path: string } | null;
    }
  | { readonly state: 'off' }
  | { readonly state: 'unreadable'; readonly reason: string };

export async function readPagesSite(github: ReadOnlyGitHub, repo: RepositoryRef): Promise<PagesSite> {
  try {
    const { data } = await github.request('GET /repos/{owner}/{repo}/pages', { ...repo });
    const site = data as { html_url?: unknown; build_type?: unknown; source?: unknown };
    const source = site.source as { branch?: unknown; path?: unknown } | undefined;
    return {
      state: 'on',
      htmlUrl: typeof site.html_url === 'string' ? site.html_url : '',
      buildType: typeof site.build_type === 'string' ? site.build_type : null,
      source:
        typeof source?.branch === 'string' && typeof source.path === 'string'
          ? { branch: source.branch, path: source.path }
          : null,
    };
  } catch (error) {
    rethrowIfRateLimited(error);
    const status = httpStatusOf(error);
    if (status === 404) return { state: 'off' };
    return { state: 'unreadable', reason: status ? `HTTP ${status}` : messageOf(error) };
  }
}

/**
 * Where GitHub Pages will serve the dashboard of a site published from the root of the branch:
 * `<site>/dashboard/`. While Pages is off, github.com's address is predictable
 * (`https://<owner>.github.io/<repo>/`); elsewhere (GitHub Enterprise Server) it is not.
 */
export function dashboardUrl(site: PagesSite, repo: RepositoryRef, serverUrl: string): string | null {
  if (site.state === 'on') return site.htmlUrl ? `${site.htmlUrl.replace(/\/+$/, '')}/dashboard/` : null;
  if (serverUrl !== 'https://github.com') return null;
  const owner = repo.owner.toLowerCase();
  const base =
    repo.repo.toLowerCase() === `${owner}.github.io`
      ? `https://${owner}.github.io`
      : `https://${owner}.github.io/${repo.repo}`;
  return `${base}/dashboard/`;
}

const SETTINGS_PATH = 'Settings → Pages → Build and deployment → Source: Deploy from a branch';

/** Whether GitHub Pages serves the pages branch from its root, and the fix when it does not. */
export function pagesSiteCheck(site: PagesSite, branch: string, url: string | null): Check {
  const name = 'github pages';
  const where = url
    ? ` The dashboard will be at ${url}`
    : ' The dashboard will be at the address Settings → Pages shows, followed by dashboard/';
  const enable = `${SETTINGS_PATH} → Branch: ${branch}, folder / (root) → Save.`;
  if (site.state === 'unreadable')
    return {
      name,
      ok: true,
      message: `Could not read the GitHub Pages settings (${site.reason}); give the job \`pages: read\` to have them checked. Noted, not a failure.${where} once Pages serves ${branch}.`,
    };
  if (site.state === 'off')
    return {
      name,
      ok: false,
      message: `GitHub Pages is not enabled, so the dashboard is not served. Enable it: ${enable}${where}.`,
    };
  if (site.buildType === 'workflow')
    return {
      name,
      ok: false,
      message: `GitHub Pages is deployed by a GitHub Actions workflow, not from the ${branch} branch, so the dashboard is not served. ${enable}`,
    };
  if (site.source && (site.source.branch !== branch || site.source.path !== '/'))
    return {
      name,
      ok: false,
      message: `GitHub Pages serves ${site.source.branch} (${site.source.path}), not the root of ${branch}, so the dashboard is not served. ${enable}`,
    };
  return { name, ok: true, message: `GitHub Pages serves the ${branch} branch.${where}.` };
}
