import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateActionText, validateWorkflowText } from '../../packages/harness/src/parser.js';
import { resolveSelfReference } from '../../packages/harness/src/self-reference.js';
import { checkWorkflowPolicy, SUITE_REPOSITORY } from '../../scripts/lib/workflow-policy.js';
import {
  actionFiles,
  exampleFiles,
  lintWorkflow,
  readYaml,
  rel,
  repoRoot,
  withExpandedAliases,
  workflowFiles,
  workflowsDir,
} from './support.js';

const workflows = [...workflowFiles(), ...exampleFiles()];

describe('workflows pass actionlint and GitHub’s parser', () => {
  it('finds the workflows this suite ships', () => {
    const names = workflowFiles().map((f) => path.basename(f));
    expect(names).toEqual(
      expect.arrayContaining([
        'ci.yml',
        'codex-pipeline.yml',
        'codex-self-test.yml',
        'codex-cleaner.yml',
        'codex-project-sync.yml',
        'codex-supervisor.yml',
        'codex-activity.yml',
        'codex-telemetry-merge.yml',
        'codex-diagnostics.yml',
        'codex-review.yml',
      ]),
    );
    expect(exampleFiles().length).toBeGreaterThanOrEqual(4);
  });

  it.each(workflows.map((f) => [rel(f), f]))('%s', async (name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(await lintWorkflow(text, name)).toEqual([]);
    expect(await validateWorkflowText(path.basename(file), text)).toEqual([]);
  });
});

describe('action.yml files pass GitHub’s parser and actionlint', () => {
  it.each(actionFiles().map((f) => [rel(f), f]))('%s', async (name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(await validateActionText(name, text)).toEqual([]);
    // actionlint reads workflows only: lint the action as a step that passes every input its
    // default, which checks the expressions in those defaults in a workflow's context.
    const action = readYaml(file);
    const withLines = Object.entries(action.inputs ?? {}).map(
      ([input, def]) =>
        `          ${input}: ${JSON.stringify(String((def as { default?: unknown }).default ?? ''))}`,
    );
    const dir = path.relative(repoRoot, path.dirname(file));
    const probe = [
      'on: workflow_dispatch',
      'permissions: {}',
      'jobs:',
      '  probe:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - uses: ./${dir}`,
      ...(withLines.length ? ['        with:', ...withLines] : []),
    ].join('\n');
    expect(await lintWorkflow(probe, `${dir}/action-probe.yml`)).toEqual([]);
    expect(action.runs?.using).toBe('node24');
  });
});

type Obj = Record<string, any>;
const stepsOf = (doc: Obj): Array<{ job: string; step: Obj }> =>
  Object.entries(doc.jobs ?? {}).flatMap(([job, def]) =>
    ((def as Obj).steps ?? []).map((step: Obj) => ({ job, step })),
  );

describe('references to the suite itself', () => {
  /** Where a reference to the suite points in this checkout: `$/x`, or a caller's `<suite>/x@ref`. */
  const suitePath = (uses: string): string | undefined =>
    resolveSelfReference(repoRoot, uses) ??
    (uses.toLowerCase().startsWith(`${SUITE_REPOSITORY}/`)
      ? path.join(repoRoot, uses.slice(SUITE_REPOSITORY.length + 1).replace(/@.*$/, ''))
      : undefined);

  it.each(workflowFiles().map((f) => [rel(f), f]))('%s: reaches the suite only through $/', (_, file) => {
    const doc = readYaml(file);
    const uses = [
      ...stepsOf(doc).map(({ step }) => step.uses),
      ...Object.values(doc.jobs ?? {}).map((j) => (j as Obj).uses),
    ].filter((u): u is string => typeof u === 'string');
    const suite = uses.filter((u) => suitePath(u) !== undefined || /^\.\/(actions|\.github)\//.test(u));
    for (const u of suite) expect(u, `${rel(file)}: ${u}`).toMatch(/^\$\//);
  });

  it.each(workflows.map((f) => [rel(f), f]))(
    '%s: suite actions and workflows exist and get known inputs',
    (_, file) => {
      const doc = readYaml(file);
      for (const { job, step } of stepsOf(doc)) {
        if (typeof step.uses !== 'string') continue;
        const local = suitePath(step.uses);
        if (!local) continue;
        expect(existsSync(path.join(local, 'action.yml')), `${job}: ${step.uses}`).toBe(true);
        const action = readYaml(path.join(local, 'action.yml'));
        const known = Object.keys(action.inputs ?? {});
        for (const input of Object.keys(step.with ?? {})) {
          expect(known, `${job}: ${step.uses} has no input "${input}"`).toContain(input);
        }
      }
    },
  );
});

/** `CODEX_*` variables a stage reads, from the "Falls back to `$CODEX_X`" of its generated inputs. */
function stageVariables(stage: string): string[] {
  const action = readYaml(path.join(repoRoot, 'actions', stage, 'action.yml'));
  const names = Object.values(action.inputs ?? {}).flatMap((def) => {
    const m = /\$(CODEX_[A-Z0-9_]+)/.exec(String((def as Obj).description ?? ''));
    return m ? [m[1]!] : [];
  });
  // A per-run local folder, not a repository setting: the pipeline passes it as an input.
  return names.filter((n) => n !== 'CODEX_TELEMETRY_SOURCE');
}

const STAGE_WORKFLOWS: Record<string, string> = {
  'self-test': 'codex-self-test.yml',
  cleaner: 'codex-cleaner.yml',
  'project-sync': 'codex-project-sync.yml',
  supervisor: 'codex-supervisor.yml',
  activity: 'codex-activity.yml',
  'telemetry-merge': 'codex-telemetry-merge.yml',
  diagnostics: 'codex-diagnostics.yml',
  'codex-review': 'codex-review.yml',
};

describe('repository variables reach every stage', () => {
  const pipeline = readYaml(path.join(workflowsDir, 'codex-pipeline.yml'));
  it.each(Object.entries(STAGE_WORKFLOWS))('%s: vars.CODEX_* mapped into the environment', (stage, file) => {
    const workflowsToCheck = [readYaml(path.join(workflowsDir, file))];
    if (stage !== 'codex-review') workflowsToCheck.push(pipeline);
    for (const doc of workflowsToCheck) {
      for (const name of stageVariables(stage)) {
        expect(String(doc.env?.[name] ?? ''), `${file}: env ${name}`).toContain(`vars.${name}`);
      }
    }
  });
});

describe('the pipeline’s shape', () => {
  const doc = readYaml(path.join(workflowsDir, 'codex-pipeline.yml'));
  const jobs = doc.jobs as Record<string, Obj>;

  it('runs the stages in the reference order, diagnostics beside them, merge last', () => {
    expect(jobs['self-test']!.needs).toBeUndefined();
    expect(jobs.cleaner!.needs).toBe('self-test');
    expect(jobs['project-sync']!.needs).toBe('cleaner');
    expect(jobs.supervisor!.needs).toBe('project-sync');
    expect(jobs.activity!.needs).toBe('supervisor');
    expect(jobs.diagnostics!.needs).toBeUndefined();
    expect(jobs['telemetry-merge']!.needs).toEqual([
      'self-test',
      'cleaner',
      'project-sync',
      'supervisor',
      'activity',
      'diagnostics',
    ]);
    expect(jobs['telemetry-merge']!.if).toBe('${{ always() }}');
  });

  it('is triggered by a call, by hand and every 6 hours, and never cancels a running pipeline', () => {
    expect(Object.keys(doc.on)).toEqual(['workflow_call', 'workflow_dispatch', 'schedule']);
    expect(doc.on.schedule[0].cron).toMatch(/^\S+ \*\/6 \* \* \*$/);
    expect(doc.on.workflow_dispatch.inputs['dry-run'].type).toBe('boolean');
    expect(doc.on.workflow_call.secrets.GH_CI_PAT.required).toBe(false);
    expect(doc.on.workflow_call.secrets.OPENAI_API_KEY.required).toBe(false);
    expect(doc.concurrency['cancel-in-progress']).toBe(false);
    expect(doc.permissions).toEqual({});
  });

  it('gives each job only the permissions its stage needs', () => {
    const perms = Object.fromEntries(Object.entries(jobs).map(([id, j]) => [id, j.permissions]));
    expect(perms).toEqual({
      'self-test': { contents: 'read', issues: 'write' },
      cleaner: { contents: 'write', issues: 'write' },
      // project-sync and activity keep their state (issue index, marking) on the pages branch.
      'project-sync': { contents: 'write', issues: 'write' },
      supervisor: { contents: 'read', issues: 'read' },
      activity: { contents: 'write', issues: 'write' },
      diagnostics: { contents: 'read', issues: 'write' },
      'telemetry-merge': { contents: 'write' },
    });
  });

  it('keeps stage telemetry local and hands it to the merge through artifacts', () => {
    for (const [id, job] of Object.entries(jobs)) {
      const stage = job.steps.find((s: Obj) => s.id === 'stage');
      const upload = job.steps.find((s: Obj) => String(s.uses).startsWith('actions/upload-artifact@'));
      expect(upload.if).toBe('${{ always() }}');
      // Artifact codex-telemetry-<job id>: the merge's pattern finds every job's upload.
      expect(upload.with.name).toBe('codex-telemetry-${{ github.job }}');
      if (id !== 'telemetry-merge') expect(stage.with.publish).toBe('none');
    }
    const merge = jobs['telemetry-merge']!;
    const download = merge.steps.find((s: Obj) => String(s.uses).startsWith('actions/download-artifact@'));
    expect(download.with).toMatchObject({ pattern: 'codex-telemetry-*', 'merge-multiple': true });
    const stage = merge.steps.find((s: Obj) => s.id === 'stage');
    expect(stage.with['telemetry-source']).toBe(download.with.path);
  });
});

describe('the pipeline writes the steps its jobs share once', () => {
  const text = readFileSync(path.join(workflowsDir, 'codex-pipeline.yml'), 'utf8');
  const doc = readYaml(path.join(workflowsDir, 'codex-pipeline.yml'));

  it('no inline script: a stage that ended without telemetry is left to its action', () => {
    expect(text).not.toContain('node --input-type=module');
    expect(text).not.toContain('stage_crashed');
    for (const [id, job] of Object.entries(doc.jobs as Record<string, Obj>)) {
      const names = ((job.steps ?? []) as Obj[]).map((s) => s.name);
      expect(names, id).not.toContain('Record a stage that ended without telemetry');
    }
  });

  it('actionlint reads the aliases written out, and only that changes', () => {
    const expanded = withExpandedAliases(text);
    expect(expanded).not.toContain('*upload-telemetry');
    expect(parse(expanded)).toEqual(doc);
    const plain = 'on: push\njobs: {}\n';
    expect(withExpandedAliases(plain)).toBe(plain);
  });

  it('a YAML merge key, which GitHub rejects, fails the policy', () => {
    const merged = text.replace(
      '      - *upload-telemetry\n',
      '      - <<: *upload-telemetry\n        name: Upload\n',
    );
    expect(merged).not.toBe(text);
    expect(
      checkWorkflowPolicy(merged, { path: 'x/.github/workflows/codex-pipeline.yml' }).map((v) => v.rule),
    ).toContain('syntax');
  });
});

describe('least privilege: the one table in docs/workflows.md is what the pipeline does', () => {
  const doc = readYaml(path.join(workflowsDir, 'codex-pipeline.yml'));
  const jobs = doc.jobs as Record<string, Obj>;
  const TOKEN_WORDS: Record<string, string> = {
    '${{ github.token }}': '`GITHUB_TOKEN`',
    '${{ secrets.GH_CI_PAT || github.token }}': '`GH_CI_PAT` when set, else `GITHUB_TOKEN`',
    "${{ env.CODEX_CLEANER_DELETE == 'true' && secrets.GH_CI_PAT || github.token }}":
      '`GH_CI_PAT` only when `CODEX_CLEANER_DELETE` is `true`, else `GITHUB_TOKEN`',
  };
  const table = (() => {
    const text = readFileSync(path.join(repoRoot, 'docs/workflows.md'), 'utf8');
    const section = text.slice(text.indexOf('### Permissions and tokens'));
    const rows = section.split('\n').filter((l) => /^\| ([a-z-]+|codex-review: `[a-z-]+`) \|/.test(l));
    return new Map(
      rows.map((l) => {
        const [job, contents, issues, pullRequests, token] = l
          .split('|')
          .slice(1)
          .map((c) => c.trim());
        return [job!, { contents, issues, pullRequests, token }];
      }),
    );
  })();

  /** The job's permissions and its stage's token are the ones the table's row names. */
  function expectAsTheTableSays(job: Obj, rowName: string): void {
    const row = table.get(rowName);
    expect(row, `docs/workflows.md has no row for ${rowName}`).toBeDefined();
    const perms = job.permissions as Record<string, string>;
    expect({
      contents: perms.contents ?? '—',
      issues: perms.issues ?? '—',
      pullRequests: perms['pull-requests'] ?? '—',
    }).toEqual({ contents: row!.contents, issues: row!.issues, pullRequests: row!.pullRequests });
    const stage = (job.steps as Obj[]).find((s) => s.id === 'stage')!;
    expect(TOKEN_WORDS[String(stage.with['github-token'])]).toBe(row!.token);
  }

  it.each(Object.keys(jobs))('%s: permissions and token as the table says', (id) => {
    expectAsTheTableSays(jobs[id]!, id);
    const perms = jobs[id]!.permissions as Record<string, string>;
    expect(Object.keys(perms).sort()).toEqual(
      Object.keys(perms)
        .filter((k) => ['contents', 'issues'].includes(k))
        .sort(),
    );
  });

  const review = readYaml(path.join(workflowsDir, 'codex-review.yml')).jobs as Record<string, Obj>;
  it.each(Object.keys(review))('codex-review %s: permissions and token as the table says', (id) =>
    expectAsTheTableSays(review[id]!, `codex-review: \`${id}\``),
  );

  it('gives the codex-review publish job GITHUB_TOKEN only: contents: write is all it needs', () => {
    expect(JSON.stringify(review.publish)).not.toContain('GH_CI_PAT');
    expect(review.publish!.permissions).toEqual({ contents: 'write' });
  });

  it('gives GH_CI_PAT only to the jobs that take it, and OPENAI_API_KEY to none', () => {
    const text = readFileSync(path.join(workflowsDir, 'codex-pipeline.yml'), 'utf8');
    const jobsText = text.slice(text.indexOf('\njobs:\n'));
    expect(jobsText).not.toContain('OPENAI_API_KEY');
    const withPat = Object.entries(jobs)
      .filter(([, j]) => JSON.stringify(j).includes('secrets.GH_CI_PAT'))
      .map(([id]) => id);
    expect(withPat).toEqual(['self-test', 'cleaner', 'project-sync', 'diagnostics']);
    const diagnostics = readFileSync(path.join(workflowsDir, 'codex-diagnostics.yml'), 'utf8');
    expect(diagnostics.slice(diagnostics.indexOf('\njobs:\n'))).not.toContain('OPENAI_API_KEY');
  });

  it.each([
    ['codex-self-test.yml', 'self-test'],
    ['codex-cleaner.yml', 'cleaner'],
    ['codex-project-sync.yml', 'project-sync'],
    ['codex-supervisor.yml', 'supervisor'],
    ['codex-activity.yml', 'activity'],
    ['codex-telemetry-merge.yml', 'telemetry-merge'],
    ['codex-diagnostics.yml', 'diagnostics'],
  ])('%s uses the token of its pipeline job', (file, job) => {
    const single = readYaml(path.join(workflowsDir, file));
    const stageOf = (j: Obj) => (j.steps as Obj[]).find((s) => s.id === 'stage')!;
    const [only] = Object.values(single.jobs as Record<string, Obj>);
    expect(stageOf(only!).with['github-token']).toBe(stageOf(jobs[job]!).with['github-token']);
  });
});

describe('single-stage workflows', () => {
  it.each(Object.entries(STAGE_WORKFLOWS).filter(([stage]) => stage !== 'codex-review'))(
    '%s: may write the pages branch its telemetry is published to',
    (_stage, file) => {
      const doc = readYaml(path.join(workflowsDir, file));
      const stageJobs = Object.values(doc.jobs as Record<string, Obj>);
      expect(String(doc.env?.CODEX_PUBLISH ?? '')).toContain('vars.CODEX_PUBLISH');
      for (const job of stageJobs)
        expect(job.permissions?.contents, `${file}: contents permission`).toBe('write');
    },
  );

  it.each(Object.entries(STAGE_WORKFLOWS))(
    '%s: leaves a stage that ended without telemetry to the post step of its action',
    (_stage, file) => {
      const doc = readYaml(path.join(workflowsDir, file));
      for (const job of Object.values(doc.jobs as Record<string, Obj>)) {
        const names = ((job.steps ?? []) as Obj[]).map((s) => s.name);
        expect(names, file).not.toContain('Record a stage that ended without telemetry');
      }
      expect(readFileSync(path.join(workflowsDir, file), 'utf8')).not.toContain('stage_crashed');
    },
  );
});
