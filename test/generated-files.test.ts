import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commonSettings } from '@codex-suite/core/settings';
import { generatedFiles } from '../scripts/lib/generated-files.js';
import { STAGES } from '../scripts/lib/stages.js';

const root = join(import.meta.dirname, '..');

describe('generated files', () => {
  const files = generatedFiles();
  it.each(Object.keys(files))('%s is up to date (run `npm run generate`)', async (path) => {
    const current = await readFile(join(root, path), 'utf8').catch(() => '(missing)');
    expect(current).toBe(files[path]);
  });

  it.each(STAGES.map((s) => [s.id, s] as const))(
    'actions/%s/action.yml declares the contract',
    async (id, stage) => {
      const action = parse(await readFile(join(root, 'actions', id, 'action.yml'), 'utf8'));
      expect(action.runs).toEqual({
        using: 'node24',
        main: `../../dist/${id}/index.js`,
        // A stage that ended without telemetry gets a stand-in error record at the end of the job.
        post: `../../dist/${id}/post.js`,
        'post-if': 'always()',
      });
      for (const def of Object.values(commonSettings)) expect(action.inputs).toHaveProperty([def.input]);
      expect(Object.keys(action.outputs)).toEqual(
        expect.arrayContaining(['status', 'telemetry-file', 'summary']),
      );
      expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
      expect(action.branding).toEqual(stage.branding);
      for (const [name, input] of Object.entries<{ description: string }>(action.inputs)) {
        expect(input.description.length, `${id} input ${name} is documented`).toBeGreaterThan(10);
      }
    },
  );
});
