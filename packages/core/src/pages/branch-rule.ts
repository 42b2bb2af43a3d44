import { commonSettings } from '../settings.js';

/**
 * The suite writes only to a branch of its own, never to the repository's default branch: that
 * branch holds the project's own files, which the suite did not make. Compared without letter
 * case — refusing a lookalike costs nothing, writing to `main` would.
 */
export function isDefaultBranch(branch: string, defaultBranch: string | null | undefined): boolean {
  return typeof defaultBranch === 'string' && defaultBranch.toLowerCase() === branch.toLowerCase();
}

/** Why a write to the default branch is refused, and the fix. */
export function defaultBranchRefusal(branch: string, repository: string): string {
  return `Refusing to write to ${branch}: it is the default branch of ${repository}, and the suite writes only to a branch of its own. Set ${commonSettings.pagesBranch.input} (the input, or the variable ${commonSettings.pagesBranch.env}) to another branch, for example gh-pages; nothing was written.`;
}
