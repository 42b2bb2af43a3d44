import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkWorkflowPolicy,
  formatViolations,
  type PolicyRule,
  unsafeReferences,
} from '../../scripts/lib/workflow-policy.js';
import { exampleFiles, rel, workflowFiles } from './support.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);
const check = (name: string, advisory?: boolean) =>
  checkWorkflowPolicy(readFileSync(fixture(name), 'utf8'), { path: fixture(name), advisory });
const rules = (name: string, advisory?: boolean) => [...new Set(check(name, advisory).map((v) => v.rule))];

describe('the suite’s workflows follow the policy', () => {
  it.each([...workflowFiles(), ...exampleFiles()].map((f) => [rel(f), f]))('%s', (name, file) => {
    const violations = checkWorkflowPolicy(readFileSync(file, 'utf8'), { path: file });
    expect(formatViolations(name, violations)).toBe('');
  });

  it('treats the suite’s own workflows as advisory (every job guarded)', () => {
    const pipeline = workflowFiles().find((f) => f.endsWith('codex-pipeline.yml'))!;
    const text = readFileSync(pipeline, 'utf8').replace(/^ {4}continue-on-error: true\n/m, '');
    expect(checkWorkflowPolicy(text, { path: pipeline }).map((v) => v.rule)).toContain('continue-on-error');
  });
});

describe('bad workflows are rejected', () => {
  const cases: Array<[string, PolicyRule, boolean | undefined]> = [
    ['injection.yml', 'injection', undefined],
    ['no-permissions.yml', 'permissions', undefined],
    ['unpinned.yml', 'unpinned-action', undefined],
    ['codex-no-guard.yml', 'continue-on-error', undefined],
    ['codex-no-home.yml', 'codex-home', undefined],
    ['persist-credentials.yml', 'persist-credentials', undefined],
    ['pull-request-target.yml', 'pull-request-target', undefined],
  ];
  it.each(cases)('%s → %s', (name, rule, advisory) => {
    expect(rules(name, advisory)).toEqual([rule]);
  });

  it('names what is wrong', () => {
    const [injection] = check('injection.yml');
    expect(injection).toMatchObject({ job: 'greet', step: '#1' });
    expect(injection!.message).toContain('github.event.issue.title');
    expect(injection!.message).not.toContain('runner.temp');
    const pins = check('unpinned.yml').map((v) => v.message);
    expect(pins).toEqual([
      expect.stringContaining('"actions/setup-node@v4" is not pinned to a full 40-character commit SHA'),
      expect.stringContaining('without a "# vX" comment'),
    ]);
  });

  it('accepts a workflow that does everything right', () => {
    expect(check('good.yml', true)).toEqual([]);
  });

  it('rejects write-all and bad YAML', () => {
    const writeAll =
      'on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: true\n';
    expect(checkWorkflowPolicy(writeAll).map((v) => v.rule)).toEqual(['permissions']);
    expect(checkWorkflowPolicy('on: [push\n').map((v) => v.rule)).toEqual(['syntax']);
  });
});

describe('the suite’s own workflows reach its actions only through $/', () => {
  const workflow = (uses: string) =>
    [
      'on: workflow_call',
      'permissions: {}',
      'jobs:',
      '  stage:',
      '    runs-on: ubuntu-latest',
      '    continue-on-error: true',
      '    steps:',
      '      - run: mkdir -m 700 -- "$RUNNER_TEMP/h" && echo "CODEX_HOME=$RUNNER_TEMP/h" >> "$GITHUB_ENV"',
      `      - uses: ${uses}`,
      '',
    ].join('\n');
  const own = (uses: string) =>
    checkWorkflowPolicy(workflow(uses), { path: '/x/.github/workflows/codex-stage.yml' });

  it('accepts $/', () => {
    expect(own('$/actions/supervisor')).toEqual([]);
  });

  it.each([
    ['codex-suite/codex-suite/actions/supervisor@v1', '"$/actions/supervisor"'],
    [
      'Codex-Suite/codex-suite/actions/supervisor@0123456789012345678901234567890123456789',
      '"$/actions/supervisor"',
    ],
    ['./actions/supervisor', "resolves in the caller's checkout"],
  ])('refuses %s', (uses, hint) => {
    const found = own(uses);
    expect(found.map((v) => v.rule)).toEqual(['self-reference']);
    expect(found[0]!.message).toContain(hint);
  });

  it('leaves a caller’s workflow (outside the suite’s .github/workflows) free to pin the suite by tag', () => {
    const caller = workflow('codex-suite/codex-suite/actions/supervisor@v1');
    expect(checkWorkflowPolicy(caller, { path: 'docs/examples/codex-x.yml' })).toEqual([]);
  });
});

describe('unsafeReferences', () => {
  it('allows runner-controlled values only', () => {
    expect(
      unsafeReferences('echo ${{ runner.temp }} ${{ github.run_id }}-${{ github.run_attempt }}'),
    ).toEqual([]);
    expect(unsafeReferences('echo "${{ inputs.name }}"')).toEqual(['inputs.name']);
    expect(unsafeReferences('x=${{ steps.a.outputs.b }} y=${{ secrets.TOKEN }}')).toEqual([
      'steps.a.outputs.b',
      'secrets.TOKEN',
    ]);
    expect(unsafeReferences("${{ github.head_ref || 'main' }}")).toEqual(['github.head_ref']);
    expect(unsafeReferences('${{ toJSON(github.event) }}')).toEqual(['github.event']);
    expect(unsafeReferences("${{ env['SECRET'] }}")).toEqual([expect.stringMatching(/^env\[/)]);
  });
});
