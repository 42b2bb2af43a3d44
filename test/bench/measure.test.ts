import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { createWorkbench } from '../../scripts/lib/bench/measure.js';

const bench = createWorkbench(process.cwd());
afterAll(() => rmSync(bench.dir, { recursive: true, force: true }));

/** Runs `script` (a file name in a scratch folder) under the usage preload; the usage it recorded, if any. */
function usageOf(name: string, script: string): { wallMs: number; maxRssKiB: number } | undefined {
  const dir = join(bench.dir, name.replace(/\W/g, '-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), script);
  const out = join(dir, 'usage.json');
  execFileSync(process.execPath, [join(dir, name)], {
    env: {
      ...process.env,
      NODE_OPTIONS: `--import=${pathToFileURL(bench.preload).href}`,
      CODEX_BENCH_USAGE_FILE: out,
    },
  });
  return existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
}

it("records the stage process's usage: the main thread's, not a worker's nor the post step's", () => {
  // A worker that holds 100 MB and ends long before the process: its exit must not be the record.
  const staged = usageOf(
    'index.mjs',
    `import { Worker } from 'node:worker_threads';
     await new Promise((done) => new Worker("globalThis.held = Buffer.alloc(100 * 1024 * 1024, 1)", { eval: true }).on('exit', done));
     const until = Date.now() + 300; while (Date.now() < until);`,
  );
  expect(staged).toBeDefined();
  expect(staged!.maxRssKiB).toBeGreaterThan(100 * 1024);
  expect(staged!.wallMs).toBeGreaterThan(300);
  // The action's post step runs after the stage, in a process of its own: it would overwrite it.
  expect(usageOf('post.js', 'void 0;')).toBeUndefined();
});
