// Rebuilds every bundle into a temporary folder and fails when dist/ differs from it: the
// committed bundles must be exactly what the source builds to.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

if (parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, strict: false }).values.help) {
  console.log(`Usage: npm run check-dist

Rebuilds every bundle into a temporary folder and exits 1 when dist/ differs from it, byte for byte.
No options.

Duration: about as long as npm run build (1-2 minutes on 2 cores).`);
  process.exit(0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const temp = mkdtempSync(join(tmpdir(), 'codex-dist-'));
try {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, OUT_DIR: temp },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const list = (dir) =>
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((p) => statSync(join(dir, p)).isFile())
      .sort();
  const expected = list(temp);
  const actual = list(join(root, 'dist'));
  const problems = [];
  for (const file of new Set([...expected, ...actual])) {
    if (!expected.includes(file)) problems.push(`dist/${file}: not built from the source (remove it)`);
    else if (!actual.includes(file)) problems.push(`dist/${file}: missing (run npm run build)`);
    else if (!readFileSync(join(temp, file)).equals(readFileSync(join(root, 'dist', file)))) {
      problems.push(`dist/${file}: differs from the source (run npm run build)`);
    }
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`\ncheck-dist: dist/ does not match the source (${problems.length} file(s)).`);
    process.exit(1);
  }
  console.log(`check-dist: dist/ matches the source (${expected.length} files).`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
