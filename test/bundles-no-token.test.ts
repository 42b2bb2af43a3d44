import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../scripts/lib/stages.js';
import './support/fresh-dist.js';

const root = join(import.meta.dirname, '..');

describe('every bundle without a token', () => {
  it.each(STAGES.map((s) => s.id))(
    'dist/%s exits non-zero naming the missing token, before any request',
    (id) => {
      const bundle = join(root, 'dist', id, 'index.js');
      expect(existsSync(bundle), `${bundle} is built`).toBe(true);
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
        },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('No GitHub token: the input "github-token" is empty');
    },
  );
});
