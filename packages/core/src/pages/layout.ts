/**
 * What a new pages branch starts with. `.nojekyll` makes GitHub Pages serve the files as they
 * are (no Jekyll build); the two keep-files make `telemetry/` and `dashboard/` exist from the
 * first commit so a repository's Pages settings and the dashboard link work at once.
 */
export const PAGES_LAYOUT: Readonly<Record<string, string>> = {
  '.nojekyll': '',
  'README.md': [
    '# Codex Suite pages branch',
    '',
    'Written by the Codex Suite actions; do not edit by hand.',
    '',
    '- `telemetry/` — one JSON file per stage run (`<component>-<run>.json`).',
    '- `dashboard/` — `dashboard.json` (the merged latest telemetry) and the dashboard page.',
    '',
  ].join('\n'),
  'telemetry/.gitkeep': '',
  'dashboard/.gitkeep': '',
};

/** A path a store may write: relative, forward slashes, no `.`/`..` segments. */
export function assertPagesPath(path: string): void {
  const parts = path.split('/');
  if (
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new Error(`Not a valid path on the pages branch: ${JSON.stringify(path)}`);
  }
}
