import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorkflow } from '../src/run-workflow.js';
import {
  resolveSelfReference,
  withLocalSelfReferences,
  workflowRepositoryRoot,
} from '../src/self-reference.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');

describe('$/ resolves in the running workflow’s own repository', () => {
  it('runs the action of the repository that holds the workflow, not of the caller’s checkout', async () => {
    // The "suite": its own copy of echo-action and a reusable workflow that uses it through $/.
    const suite = mkdtempSync(path.join(tmpdir(), 'suite-'));
    cpSync(path.join(fixtures, 'echo-action'), path.join(suite, 'echo-action'), { recursive: true });
    mkdirSync(path.join(suite, '.github', 'workflows'), { recursive: true });
    writeFileSync(
      path.join(suite, '.github', 'workflows', 'stage.yml'),
      [
        'on: workflow_call',
        'jobs:',
        '  stage:',
        '    runs-on: ubuntu-latest',
        '    outputs:',
        '      said: ${{ steps.echo.outputs.message }}',
        '    steps:',
        '      - id: echo',
        '        uses: $/echo-action',
        '        with:',
        '          message: from-the-suite',
        '',
      ].join('\n'),
    );
    // The caller's checkout has no echo-action: only $/ can find it.
    const callerRoot = mkdtempSync(path.join(tmpdir(), 'caller-'));
    mkdirSync(path.join(callerRoot, '.github', 'workflows'), { recursive: true });
    const callerFile = path.join(callerRoot, '.github', 'workflows', 'caller.yml');
    writeFileSync(
      callerFile,
      'on: workflow_dispatch\njobs:\n  call:\n    uses: acme/suite/.github/workflows/stage.yml@v1\n',
    );
    const res = await runWorkflow({
      workflowPath: callerFile,
      repoRoot: callerRoot,
      event: { name: 'workflow_dispatch' },
      resolveUses: (uses, kind) =>
        kind === 'workflow' && uses.startsWith('acme/suite/')
          ? path.join(suite, '.github', 'workflows', 'stage.yml')
          : undefined,
    });
    expect(res.jobs.call!.workflow!.jobs.stage!.outputs.said).toBe('from-the-suite');
  });

  it('never leaves the repository', () => {
    expect(resolveSelfReference('/repo', '$/actions/x')).toBe(path.resolve('/repo/actions/x'));
    expect(() => resolveSelfReference('/repo', '$/../elsewhere')).toThrow(
      /inside the workflow's own repository/,
    );
    expect(() => resolveSelfReference('/repo', '$/actions/x@v1')).toThrow();
    expect(resolveSelfReference('/repo', './actions/x')).toBeUndefined();
  });

  it('finds a workflow’s repository from .github/workflows/', () => {
    expect(workflowRepositoryRoot('/r/.github/workflows/a.yml', '/fallback')).toBe(path.resolve('/r'));
    expect(workflowRepositoryRoot('/tmp/snippet.yml', '/fallback')).toBe('/fallback');
  });
});

describe('withLocalSelfReferences: what linters older than $/ read', () => {
  const original = [
    'jobs:',
    '  a:',
    '    steps:',
    '      - uses: $/actions/self-test',
    "      - uses: '$/actions/cleaner' # quoted",
    '        with:',
    '          note: uses: $/actions/not-a-key',
    '      - run: echo "$/path stays" && echo uses: $/x',
    '  b:',
    '    uses: $/.github/workflows/codex-pipeline.yml',
    '',
  ].join('\n');

  it('changes exactly the $/ at the start of each uses: value into ./, nothing else', () => {
    const { text, lines } = withLocalSelfReferences(original);
    expect(lines).toEqual([4, 5, 10]);
    const before = original.split('\n');
    const after = text.split('\n');
    expect(after).toHaveLength(before.length);
    after.forEach((line, i) => {
      if (!lines.includes(i + 1)) {
        expect(line).toBe(before[i]);
        return;
      }
      // Same length, and the only difference is "$/" → "./" at one place.
      expect(line).toHaveLength(before[i]!.length);
      const at = before[i]!.indexOf('$/');
      expect(line).toBe(`${before[i]!.slice(0, at)}./${before[i]!.slice(at + 2)}`);
    });
    expect(text).toContain('note: uses: $/actions/not-a-key');
    expect(text).toContain('echo uses: $/x');
  });

  it('leaves a text without self-references unchanged', () => {
    const plain = 'jobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n';
    expect(withLocalSelfReferences(plain)).toEqual({ text: plain, lines: [] });
  });
});
