import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeyValueFile } from '@codex-suite/harness/commands';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../scripts/lib/stages.js';
import './support/fresh-dist.js';

const root = join(import.meta.dirname, '..');

function runWithoutToken(bundle: string) {
  const temp = mkdtempSync(join(tmpdir(), 'codex-notoken-'));
  const output = join(temp, 'output');
  writeFileSync(output, '');
  const run = spawnSync(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: temp,
      // Nothing listens here: a request would fail loudly rather than pass unseen.
      GITHUB_API_URL: 'http://127.0.0.1:9',
      INPUT_REPOSITORY: 'acme/widgets',
      'INPUT_GITHUB-TOKEN': '  ',
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { ...run, outputs: parseKeyValueFile(readFileSync(output, 'utf8')) };
}

describe('every bundle without a token', () => {
  it.each(STAGES.map((s) => s.id))(
    'dist/%s exits non-zero naming the missing token, before any request, and sets its outputs',
    (id) => {
      const bundle = join(root, 'dist', id, 'index.js');
      expect(existsSync(bundle), `${bundle} is built`).toBe(true);
      const run = runWithoutToken(bundle);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('::error::No GitHub token: the input "github-token" is empty');
      expect(run.outputs).toEqual({
        status: 'error',
        summary: expect.stringMatching(/^No GitHub token: the input "github-token" is empty\. /),
        'telemetry-file': '',
      });
    },
  );

  // Start-up: a run that stops at the token check loads only its entry (docs/benchmarks.md, Start-up).
  it.each(STAGES.map((s) => s.id))(
    'dist/%s stops at the token check without the shared chunk or its own lazy parts',
    (id) => {
      const copy = mkdtempSync(join(tmpdir(), 'codex-entry-only-'));
      cpSync(join(root, 'dist', id, 'index.js'), join(copy, id, 'index.js'));
      cpSync(join(root, 'dist', id, 'package.json'), join(copy, id, 'package.json'));
      const run = runWithoutToken(join(copy, id, 'index.js'));
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('::error::No GitHub token: the input "github-token" is empty');
      expect(run.outputs.status).toBe('error');
    },
  );
});
