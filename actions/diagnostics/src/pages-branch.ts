import { type Read, pagesBranchUnreadable } from '@codex-suite/core/checks';
import { defaultBranchRefusal } from '@codex-suite/core/pages/branch-rule';
import type { RepoInfo } from '@codex-suite/core/repo-lookups';
import { REPAIR_HINT } from './checks.js';
import { type PlannedCheck, type Repair, fixedBy } from './repairs.js';
import type { PagesBranch } from './snapshot.js';

/**
 * What the pages branch must hold, and the file that creates each: the two folders, and
 * `.nojekyll` so GitHub Pages serves the files as they are (no Jekyll build).
 */
export const PAGES_LAYOUT = [
  { folder: 'telemetry/', placeholder: 'telemetry/.gitkeep' },
  { folder: 'dashboard/', placeholder: 'dashboard/.gitkeep' },
  { folder: '.nojekyll', placeholder: '.nojekyll' },
] as const;

export function missingFolders(paths: readonly string[]): (typeof PAGES_LAYOUT)[number][] {
  return PAGES_LAYOUT.filter(
    (f) => !paths.some((p) => (f.folder.endsWith('/') ? p.startsWith(f.folder) : p === f.folder)),
  );
}

/**
 * The `pages branch` and `pages layout` checks, and the one commit that repairs both.
 * `read` is absent when the branch is the repository's default branch: the suite never writes
 * there, so nothing is checked or repaired but the setting itself.
 */
export function planPagesBranch(
  branch: string,
  info: RepoInfo,
  read: Read<PagesBranch> | undefined,
  repair: boolean,
): { checks: PlannedCheck[]; repairs: Repair[] } {
  if (!read) {
    return {
      checks: [{ name: 'pages branch', ok: false, message: defaultBranchRefusal(branch, info.fullName) }],
      repairs: [],
    };
  }
  if (!read.ok) {
    return {
      checks: [{ name: 'pages branch', ok: false, message: pagesBranchUnreadable(branch, read.error) }],
      repairs: [],
    };
  }
  const { exists, paths } = read.value;
  // telemetry-merge creates dashboard/ at the end of the first pipeline run: before it has ever
  // published, a missing dashboard/ is expected, not a fault.
  const mergeHasPublished = paths.some((p) => p.startsWith('telemetry/telemetry-merge-'));
  const absent = missingFolders(paths);
  const missing = absent.filter((f) => f.folder !== 'dashboard/' || mergeHasPublished || !exists);
  const awaitingMerge = absent.length > missing.length;
  const folders = missing.map((f) => f.folder).join(' and ');

  const repairs: Repair[] =
    repair && (!exists || missing.length > 0)
      ? [
          {
            kind: 'pages.commit',
            target: branch,
            description: exists
              ? `add ${folders} to the ${branch} branch`
              : `create the ${branch} branch with telemetry/, dashboard/ and .nojekyll`,
            cost: 3,
            files: Object.fromEntries(missing.map((f) => [f.placeholder, ''])),
            message: `diagnostics: ${exists ? 'add' : 'create'} the Codex layout (telemetry/, dashboard/)`,
          },
        ]
      : [];
  const fix = (check: PlannedCheck, applied: string) =>
    repairs[0] && !check.ok ? fixedBy(check, repairs[0], applied) : check;

  const branchCheck: PlannedCheck = {
    name: 'pages branch',
    ok: exists,
    message: exists
      ? `The ${branch} branch exists.`
      : `The ${branch} branch does not exist. Create it with the folders telemetry/ and dashboard/ ${REPAIR_HINT}; then serve it with GitHub Pages (Settings → Pages → Deploy from a branch → ${branch}).`,
  };
  const layoutCheck: PlannedCheck = {
    name: 'pages layout',
    ok: missing.length === 0,
    message:
      missing.length === 0
        ? awaitingMerge
          ? `The ${branch} branch holds telemetry/; dashboard/ is created by telemetry-merge on its first run.`
          : `The ${branch} branch holds telemetry/, dashboard/ and .nojekyll.`
        : `The ${branch} branch lacks ${folders}. Add ${missing.map((f) => f.placeholder).join(' and ')} to it ${REPAIR_HINT}.`,
  };
  return {
    checks: [
      fix(branchCheck, `The ${branch} branch was missing; created by repair.`),
      fix(layoutCheck, `Added ${folders} to ${branch} by repair.`),
    ],
    repairs,
  };
}
