import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'library-loads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every package module the given sources load, in a process of its own (module resolution recorded). */
function packagesLoadedBy(sources: readonly string[]): string[] {
  const probe = join(dir, 'probe.mjs');
  writeFileSync(
    probe,
    `import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.add(r.url); return r; } });
for (const source of process.argv.slice(2)) await import(source);
process.stdout.write(JSON.stringify([...seen].filter((u) => u.includes('/node_modules/')).map((u) => u.replace(/.*\\/node_modules\\//, ''))));
`,
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', probe, ...sources.map((s) => join(root, s))], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as string[];
}

describe('what a stage run loads', () => {
  it('the runner, the GitHub client and the post step load no undici, @actions/core or @actions/github', () => {
    // undici is the fetch the client does not use (its transport is node:http); @actions/core and
    // @actions/github load it at the top, with @actions/http-client's client. Together, about
    // 11 MB of every stage's memory.
    const loaded = packagesLoadedBy([
      'packages/core/src/runner.ts',
      'packages/core/src/github/client.ts',
      'packages/core/src/stage-post.ts',
    ]);
    expect(loaded).toContain('@actions/http-client/lib/proxy.js');
    expect(
      loaded.filter((m) => /^(undici|@actions\/(core|github))\/|^@actions\/http-client\/lib\/index/.test(m)),
    ).toEqual([]);
  });
});
