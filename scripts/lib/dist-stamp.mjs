// The hash of everything the bundles in dist/ are built from, so a test that runs a bundle can
// tell a stale dist/ from a fresh one. `npm run build` writes it to dist/sources.sha256.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STAMP_FILE = 'sources.sha256';

/** Folders and files whose content goes into the bundles (stage sources and assets, core, the lockfile, the build). */
function bundleInputs(root) {
  const stages = readdirSync(join(root, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => [
      join(root, 'actions', entry.name, 'src'),
      join(root, 'actions', entry.name, 'assets'),
    ]);
  return [
    ...stages,
    join(root, 'packages', 'core', 'src'),
    join(root, 'package-lock.json'),
    join(root, 'tsconfig.json'),
    join(root, 'scripts', 'build.mjs'),
    join(root, 'scripts', 'lib', 'ncc-bundle.mjs'),
    join(root, 'actions', 'tsconfig.json'),
  ];
}

function files(path) {
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** Paths are hashed relative to `base`, so the same bundles built in another folder hash the same. */
function hashFiles(base, paths) {
  const hash = createHash('sha256');
  const all = paths
    .filter((input) => existsSync(input))
    .flatMap((input) => (statSync(input).isDirectory() ? files(input) : [input]))
    .map((file) => relative(base, file).split('\\').join('/'))
    .filter((file) => file !== STAMP_FILE && !file.endsWith(`/${STAMP_FILE}`))
    .sort();
  for (const file of all) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(base, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function sourcesHash(root) {
  return hashFiles(root, bundleInputs(root));
}

/** The hash of the bundles themselves, so a dist/ put back by git after a build is not taken for the build. */
export function bundlesHash(root, distDir = join(root, 'dist')) {
  return hashFiles(distDir, [distDir]);
}

/** What `npm run build` writes: the sources it built from and the bundles it made. */
export function stamp(root, distDir = join(root, 'dist')) {
  return `sources ${sourcesHash(root)}\nbundles ${bundlesHash(root, distDir)}\n`;
}

/** Undefined when dist/ was built from the current sources; otherwise why not, and the fix. */
export function staleDistReason(root) {
  const stampPath = join(root, 'dist', STAMP_FILE);
  if (!existsSync(stampPath))
    return `dist/${STAMP_FILE} is missing: run \`npm run build\` before tests that run the bundles.`;
  const recorded = Object.fromEntries(
    readFileSync(stampPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ')),
  );
  const sources = sourcesHash(root);
  if (recorded.sources !== sources)
    return `dist/ is stale: it was built from sources ${String(recorded.sources).slice(0, 12)}, the working tree is ${sources.slice(0, 12)}. Run \`npm run build\` (and do not commit dist/ on a branch).`;
  if (recorded.bundles !== bundlesHash(root))
    return 'dist/ changed since it was built (put back by git?): run `npm run build` again.';
  return undefined;
}
