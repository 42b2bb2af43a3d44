// Bundles every stage with @vercel/ncc into dist/<stage>/ (deterministic: no source maps, no
// timestamps), and copies a stage's static assets (actions/<stage>/assets/) beside its bundle.
// OUT_DIR=<dir> builds elsewhere (check-dist uses it); STAGES=a,b builds a subset; MINIFY=false keeps
// names readable (CPU profiles; never for dist/).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP_FILE, stamp } from './lib/dist-stamp.mjs';
import { parseArgs } from 'node:util';

if (parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, strict: false }).values.help) {
  console.log(`Usage: npm run build

Bundles every stage with ncc into dist/<stage>/ and copies its assets beside it.
No options; the environment chooses:
  OUT_DIR=DIR   build into DIR instead of dist/
  STAGES=a,b    build only these stages (action folder names)

Duration: about 1-2 minutes on 2 cores (four bundles at a time).`);
  process.exit(0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = process.env.OUT_DIR ? process.env.OUT_DIR : join(root, 'dist');
const only = process.env.STAGES ? new Set(process.env.STAGES.split(',')) : null;
const stages = readdirSync(join(root, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'src', 'index.ts')))
  .map((d) => d.name)
  .filter((name) => !only || only.has(name))
  .sort();

const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

function buildStage(stage) {
  const out = join(outRoot, stage);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ncc,
        'build',
        join('actions', stage, 'src', 'index.ts'),
        '-o',
        out,
        ...(process.env.MINIFY === 'false' ? [] : ['--minify']),
        '--transpile-only',
        '--license',
        'licenses.txt',
        '--quiet',
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`build failed for ${stage}`));
      const assets = join(root, 'actions', stage, 'assets');
      if (existsSync(assets)) cpSync(assets, join(out, 'assets'), { recursive: true });
      console.log(`built dist/${stage}`);
      resolve();
    });
  });
}

const queue = [...stages];
const workers = Array.from({ length: Math.max(1, Math.min(availableParallelism(), 4)) }, async () => {
  while (queue.length > 0) await buildStage(queue.shift());
});
try {
  await Promise.all(workers);
  // Only a full build says which sources all of dist/ comes from (tests check it: dist-stamp.mjs).
  if (!only) writeFileSync(join(outRoot, STAMP_FILE), stamp(root, outRoot));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
