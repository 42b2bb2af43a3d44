/**
 * Release notes come from CHANGELOG.md (Keep a Changelog): the section under `## [X.Y.Z]`, up to
 * the next `## ` heading. Pure: text in, text out; the release workflow refuses to tag a version
 * that has no section, or whose package.json says another version.
 */

const VERSION = /^\d+\.\d+\.\d+$/;

export interface ReleasePlan {
  /** `vX.Y.Z`: the immutable tag. */
  tag: string;
  /** `vX`: the moving major tag. */
  major: string;
  notes: string;
}

/** The CHANGELOG section of `version` (without its heading); throws when there is none or it is empty. */
export function releaseNotes(changelog: string, version: string): string {
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`).test(l));
  if (start < 0) throw new Error(`CHANGELOG.md has no "## [${version}]" section`);
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  const notes = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
  if (notes === '') throw new Error(`CHANGELOG.md's "## [${version}]" section is empty`);
  return `${notes}\n`;
}

/** What a release of `version` tags and says; throws with the reason it must not happen. */
export function planRelease(version: string, packageVersion: string, changelog: string): ReleasePlan {
  if (!VERSION.test(version)) throw new Error(`"${version}" is not a version X.Y.Z`);
  if (packageVersion !== version) {
    throw new Error(`package.json says ${packageVersion}, not ${version}: bump it in the release's commit`);
  }
  return { tag: `v${version}`, major: `v${version.split('.')[0]}`, notes: releaseNotes(changelog, version) };
}
