import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPermissions, repositoryDefault } from '../src/permissions.js';
import { runWorkflow } from '../src/run-workflow.js';
import { checkStartup } from '../src/startup-checks.js';

/** A repository on disk with the given workflows under .github/workflows/. */
function repository(files: Record<string, string>): { root: string; wf: (name: string) => string } {
  const root = mkdtempSync(path.join(tmpdir(), 'startup-'));
  const dir = path.join(root, '.github', 'workflows');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { root, wf: (name) => path.join(dir, name) };
}

const CALLED = `
on:
  workflow_call:
    inputs:
      flag: { type: boolean, default: false }
      count: { type: number, required: false }
      name: { type: string, required: true }
    secrets:
      TOKEN: { required: false }
      KEY: { required: true }
permissions: {}
jobs:
  sync:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      issues: write
    steps:
      - run: echo hi
  look:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;

function caller(jobExtra: string, workflowPermissions = 'permissions: {}'): string {
  return `
on: workflow_dispatch
${workflowPermissions}
jobs:
  call:
${jobExtra}
    uses: ./.github/workflows/called.yml
    with:
      name: x
    secrets:
      KEY: \${{ secrets.KEY }}
`;
}

const check = (
  files: Record<string, string>,
  options: { defaultPermissions?: 'restricted' | 'permissive' } = {},
) => {
  const repo = repository(files);
  return checkStartup(repo.wf('caller.yml'), { repoRoot: repo.root, ...options });
};

describe('permissions: a nested job may not ask for more than the caller grants', () => {
  it('refuses contents: write when the caller grants contents: read (GitHub’s message)', () => {
    const grantRead = '    permissions:\n      contents: read\n      issues: write';
    expect(check({ 'called.yml': CALLED, 'caller.yml': caller(grantRead) })).toEqual([
      "job 'call': Error calling workflow './.github/workflows/called.yml'. The nested job 'sync' is requesting 'contents: write', but is only allowed 'contents: read'.",
    ]);
  });

  it('starts when the caller grants what the nested jobs ask for', () => {
    const grant = '    permissions:\n      contents: write\n      issues: write';
    expect(check({ 'called.yml': CALLED, 'caller.yml': caller(grant) })).toEqual([]);
  });

  it('permissions: {} on the caller workflow grants nothing', () => {
    expect(check({ 'called.yml': CALLED, 'caller.yml': caller('') })).toEqual([
      expect.stringContaining(
        "is requesting 'contents: write, issues: write', but is only allowed 'contents: none, issues: none'",
      ),
    ]);
  });

  it('no permissions key: the repository default decides (restricted refuses, permissive starts)', () => {
    const files = { 'called.yml': CALLED, 'caller.yml': caller('', '') };
    expect(check(files)).toEqual([expect.stringContaining("only allowed 'contents: read, issues: none'")]);
    expect(check(files, { defaultPermissions: 'permissive' })).toEqual([]);
  });

  it('read-all is not enough for a write, write-all is', () => {
    expect(check({ 'called.yml': CALLED, 'caller.yml': caller('', 'permissions: read-all') })).toEqual([
      expect.stringContaining("but is only allowed 'contents: read, issues: read'"),
    ]);
    expect(check({ 'called.yml': CALLED, 'caller.yml': caller('', 'permissions: write-all') })).toEqual([]);
  });

  it('the called workflow’s own permissions apply to its jobs without a block, and grants narrow level by level', () => {
    const middle = `
on: workflow_call
permissions:
  contents: read
jobs:
  inner:
    uses: ./.github/workflows/leaf.yml
`;
    const leaf = `
on: workflow_call
permissions:
  contents: write
jobs:
  write:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;
    const top = `
on: workflow_dispatch
permissions: write-all
jobs:
  call:
    uses: ./.github/workflows/middle.yml
`;
    expect(check({ 'caller.yml': top, 'middle.yml': middle, 'leaf.yml': leaf })).toEqual([
      "job 'call' → job 'inner': Error calling workflow './.github/workflows/leaf.yml'. The nested job 'write' is requesting 'contents: write', but is only allowed 'contents: read'.",
    ]);
  });

  it('expands the permission forms as GitHub documents them', () => {
    expect(expandPermissions({ issues: 'write' })).toMatchObject({ issues: 'write', contents: 'none' });
    expect(expandPermissions('read-all')).toMatchObject({ contents: 'read', 'id-token': 'none' });
    expect(expandPermissions({})).toMatchObject({ contents: 'none', issues: 'none' });
    expect(expandPermissions(undefined)).toBeUndefined();
    expect(repositoryDefault('restricted')).toMatchObject({
      contents: 'read',
      packages: 'read',
      issues: 'none',
    });
    expect(() => expandPermissions({ contents: 'admin' })).toThrow(/not read, write or none/);
  });
});

describe('inputs and secrets must match what the called workflow declares', () => {
  const grant = '    permissions: write-all';
  const withArgs = (withBlock: string, secretsBlock = '      KEY: ${{ secrets.KEY }}') =>
    `
on: workflow_dispatch
permissions: {}
jobs:
  call:
${grant}
    uses: ./.github/workflows/called.yml
    with:
${withBlock}
    secrets:
${secretsBlock}
`;
  const run = (withBlock: string, secretsBlock?: string) =>
    check({ 'called.yml': CALLED, 'caller.yml': withArgs(withBlock, secretsBlock) });

  it('accepts declared inputs with values of their type, and expressions', () => {
    expect(run('      name: x\n      flag: true\n      count: 3')).toEqual([]);
    expect(
      run('      name: x\n      flag: ${{ inputs.dry-run == true }}\n      count: ${{ vars.N }}'),
    ).toEqual([]);
  });

  it('refuses an unknown input', () => {
    expect(run('      name: x\n      colour: red')).toEqual([
      "job 'call': Invalid input, colour is not defined in the referenced workflow.",
    ]);
  });

  it('refuses a missing required input', () => {
    expect(run('      flag: true')).toEqual(["job 'call': Input required and not supplied: name"]);
  });

  it('refuses a literal of the wrong type', () => {
    expect(run("      name: x\n      flag: 'yes'\n      count: many")).toEqual([
      `job 'call': Input 'flag' is a boolean; the caller passes "yes"`,
      `job 'call': Input 'count' is a number; the caller passes "many"`,
    ]);
  });

  it('refuses an undeclared secret and a missing required one; inherit passes everything', () => {
    expect(run('      name: x', '      OTHER: ${{ secrets.OTHER }}')).toEqual([
      "job 'call': Invalid secret, OTHER is not defined in the referenced workflow.",
      "job 'call': Secret KEY is required, but not provided while calling.",
    ]);
    const inherit = withArgs('      name: x').replace(/ {4}secrets:\n.*\n$/, '    secrets: inherit\n');
    expect(check({ 'called.yml': CALLED, 'caller.yml': inherit })).toEqual([]);
  });

  it('refuses a call of a workflow that is not reusable or does not exist', () => {
    const notReusable = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n';
    expect(check({ 'called.yml': notReusable, 'caller.yml': caller(grant) })).toEqual([
      "job 'call': './.github/workflows/called.yml' is not reusable: it has no on.workflow_call trigger",
    ]);
    expect(check({ 'caller.yml': caller(grant) })).toEqual([
      "job 'call': can't resolve reusable workflow './.github/workflows/called.yml'",
    ]);
  });
});

describe('runWorkflow refuses what GitHub refuses, before any job runs', () => {
  it('throws with every reason and runs nothing', async () => {
    const repo = repository({
      'called.yml': CALLED,
      'caller.yml': `${caller('    permissions:\n      contents: read')}  before:\n    runs-on: ubuntu-latest\n    steps:\n      - run: touch "$RUNNER_TEMP/ran"\n`,
    });
    const runnerTemp = mkdtempSync(path.join(tmpdir(), 'startup-run-'));
    await expect(
      runWorkflow({
        workflowPath: repo.wf('caller.yml'),
        repoRoot: repo.root,
        event: { name: 'workflow_dispatch' },
        runnerTemp,
      }),
    ).rejects.toThrow(
      /GitHub would refuse to start[\s\S]*nested job 'sync' is requesting 'contents: write, issues: write'/,
    );
    expect(existsSync(path.join(runnerTemp, 'ran'))).toBe(false);
  });
});

describe('each job’s GITHUB_TOKEN carries the permissions GitHub gives that job', () => {
  it('job block, else the workflow’s, else what the caller granted', async () => {
    const called = `
on: workflow_call
jobs:
  inherits:
    runs-on: ubuntu-latest
    steps:
      - run: echo "$T"
        env:
          T: \${{ github.token }}
  narrows:
    runs-on: ubuntu-latest
    permissions:
      issues: read
    steps:
      - run: echo hi
`;
    const top = `
on: workflow_dispatch
permissions:
  contents: read
jobs:
  own:
    runs-on: ubuntu-latest
    permissions:
      issues: write
    steps:
      - run: echo hi
  workflow-level:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
  call:
    permissions:
      contents: write
      issues: write
    uses: ./.github/workflows/called.yml
`;
    const repo = repository({ 'called.yml': called, 'caller.yml': top });
    const minted: Record<string, Record<string, string>> = {};
    const res = await runWorkflow({
      workflowPath: repo.wf('caller.yml'),
      repoRoot: repo.root,
      event: { name: 'workflow_dispatch' },
      jobToken: ({ id, permissions }) => {
        minted[id] = Object.fromEntries(Object.entries(permissions).filter(([, a]) => a !== 'none'));
        return `ghs_minted_${id}`;
      },
    });
    expect(res.conclusion).toBe('success');
    expect(minted).toEqual({
      own: { issues: 'write' },
      'workflow-level': { contents: 'read' },
      inherits: { contents: 'write', issues: 'write' },
      narrows: { issues: 'read' },
    });
    // The job ran with its own token, and the token is masked in its log.
    const log = res.jobs.call!.workflow!.jobs.inherits!.log;
    expect(log).not.toContain('ghs_minted_inherits');
    expect(log).toContain('***');
  });
});
