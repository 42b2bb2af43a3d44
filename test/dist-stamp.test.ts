import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module shared with scripts/build.mjs
import { STAMP_FILE, stamp, staleDistReason } from '../scripts/lib/dist-stamp.mjs';

const stampOf = stamp as (root: string, distDir?: string) => string;
const stale = staleDistReason as (root: string) => string | undefined;

/** A repository in miniature: one stage, core, the lockfile, a built dist/ with its stamp. */
function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'dist-stamp-'));
  for (const dir of ['actions/probe/src', 'packages/core/src', 'scripts', 'dist/probe'])
    mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'actions/probe/src/index.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'packages/core/src/rule.ts'), 'export const rule = 1;\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  writeFileSync(join(root, 'dist/probe/index.js'), 'old bundle');
  writeFileSync(join(root, 'dist', STAMP_FILE as string), stampOf(root));
  return root;
}

describe('a stale dist/ is noticed before bundle tests run', () => {
  it('a dist/ built from the current sources passes', () => {
    expect(stale(tree())).toBeUndefined();
  });

  it('a changed stage source, core source or lockfile makes dist/ stale, with the fix in the message', () => {
    for (const file of ['actions/probe/src/index.ts', 'packages/core/src/rule.ts', 'package-lock.json']) {
      const root = tree();
      writeFileSync(join(root, file), 'broken source (\n');
      expect(stale(root), file).toMatch(/dist\/ is stale.*npm run build/);
    }
  });

  it('bundles put back by git after a build (the stamp left behind) count as stale', () => {
    const root = tree();
    writeFileSync(join(root, 'dist/probe/index.js'), 'the committed, older bundle');
    expect(stale(root)).toMatch(/dist\/ changed since it was built/);
  });

  it('a dist/ without a stamp counts as stale', () => {
    const root = tree();
    writeFileSync(join(root, 'actions/probe/src/new.ts'), 'export {};\n');
    expect(stale(root)).toMatch(/stale/);
    const unstamped = mkdtempSync(join(tmpdir(), 'dist-stamp-'));
    expect(stale(unstamped)).toMatch(/sources\.sha256 is missing/);
  });

  it('the same bundles built in another folder get the same stamp (check-dist builds into a temporary folder)', () => {
    const root = tree();
    const elsewhere = mkdtempSync(join(tmpdir(), 'dist-elsewhere-'));
    cpSync(join(root, 'dist'), elsewhere, { recursive: true });
    expect(stampOf(root, elsewhere)).toBe(stampOf(root));
  });
});
