import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { stage as diagnosticsStage } from '../../diagnostics/src/stage.js';
import { stage } from '../src/stage.js';
import {
  ADMIN,
  type Fixture,
  NO_ISSUE_WRITE,
  READ_ONLY,
  REPO,
  WRITER,
  startFixture,
  writesIn,
} from './support.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

async function run(
  f: Fixture,
  options: { token?: string; inputs?: Record<string, string>; runId?: string } = {},
) {
  return runStageInProcess(stage, {
    apiUrl: f.emulator.url,
    token: options.token ?? WRITER,
    repository: REPO,
    runId: options.runId ?? '4242',
    inputs: { project: 'orgs/octo-org/projects/1', ...options.inputs },
  });
}

function checksOf(result: Awaited<ReturnType<typeof run>>) {
  return (result.telemetry?.checks ?? []) as { name: string; ok: boolean; message: string }[];
}

describe('self-test', () => {
  it('files one issue in the milestone, finds it through the REST list and passes every check', async () => {
    fixture = await startFixture();
    const result = await run(fixture);
    expect(result.status).toBe('ok');
    expect(result.exitCode).toBe(0);
    const checks = checksOf(result);
    expect(checks.map((c) => c.name)).toEqual([
      'token',
      'labels',
      'milestone',
      'issue create',
      'issue enumeration',
      'pages write access',
      'project access',
    ]);
    expect(checks.every((c) => c.ok)).toBe(true);
    const number = result.telemetry?.issue_number as number;
    const issue = fixture.emulator.state.getIssue(REPO, number)!;
    expect(issue.title).toBe('Codex self-test 4242');
    expect(issue.labels.map((l) => l.name).sort()).toEqual(['codex', 'codex-selftest']);
    expect(fixture.emulator.state.findMilestone(REPO, 'Codex Internal')?.number).toBe(issue.milestone);
    expect(issue.body).toContain(`/${REPO}/actions/runs/4242`);
    expect(result.outputs['issue-number']).toBe(String(number));
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
    // The enumeration the other stages rely on, with the documented query.
    const list = fixture.emulator.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/issues');
    expect(list.length).toBe(2);
    expect(list[0]!.path).toMatch(/labels=codex-selftest/);
    expect(list[0]!.path).toMatch(/milestone=1/);
    expect(list[0]!.path).toMatch(/state=open/);
  });

  it('is idempotent per run: a re-run of the same run reuses its issue', async () => {
    fixture = await startFixture();
    const first = await run(fixture);
    const second = await runStageInProcess(stage, {
      apiUrl: fixture.emulator.url,
      token: WRITER,
      repository: REPO,
      runId: '4242',
      env: { GITHUB_RUN_ATTEMPT: '2' },
    });
    expect(second.telemetry?.issue_number).toBe(first.telemetry?.issue_number);
    expect(second.telemetry?.issue_reused).toBe(true);
    const selftests = fixture.emulator.state
      .listIssues(REPO)
      .filter((i) => i.labels.some((l) => l.name === 'codex-selftest'));
    expect(selftests).toHaveLength(1);
  });

  it('reads every page of the self-test list: with 105 open self-test issues it still finds and reuses its own', async () => {
    fixture = await startFixture();
    const { state } = fixture.emulator;
    const internal = state.findMilestone(REPO, 'Codex Internal')!.number;
    // This run's issue is the oldest: created first, it is the 105th in the list (newest first),
    // on the second page of 100.
    for (let n = 0; n < 105; n += 1) {
      state.addIssue(REPO, {
        title: `Codex self-test ${n === 0 ? '4242' : String(9000 + n)}`,
        labels: ['codex', 'codex-selftest'],
        milestone: internal,
        user: 'codex-bot',
        created_at: new Date(Date.UTC(2025, 5, 1, 0, n)).toISOString(),
      });
    }
    const result = await run(fixture);
    expect(result.telemetry?.issue_reused).toBe(true);
    expect(result.telemetry?.issue_number).toBe(1);
    expect(
      writesIn(fixture.emulator).filter((w) => w.startsWith('POST /repos/{owner}/{repo}/issues ')),
    ).toEqual([]);
    const pages = fixture.emulator.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/issues');
    expect(pages.some((e) => /page=2/.test(e.path))).toBe(true);
  });

  it('meets GitHub refusing GITHUB_TOKEN a Projects v2 project: the project check fails with the fix, the rest passes', async () => {
    fixture = await startFixture();
    const githubToken = 'ghs_workflow_github_token_000000000001';
    fixture.emulator.state.addToken(githubToken, {
      login: 'github-actions[bot]',
      kind: 'actions',
      permissions: { issues: 'write', contents: 'write', projects: 'write' },
    });
    const result = await run(fixture, { token: githubToken });
    const project = checksOf(result).find((c) => c.name === 'project access');
    expect(project).toMatchObject({ ok: false });
    expect(project?.message).toContain('HTTP 403');
    expect(project?.message).toContain('GITHUB_TOKEN cannot read Projects v2');
    expect(
      checksOf(result)
        .filter((c) => !c.ok)
        .map((c) => c.name),
    ).toEqual(['project access']);
    expect(result.status).toBe('degraded');
    const projectReads = fixture.emulator.log.filter(
      (e) => e.route === 'GET /orgs/{org}/projectsV2/{project_number}',
    );
    expect(projectReads.map((e) => e.status)).toEqual([403]);
  });

  it('skips, naming the reason, when the milestone does not exist', async () => {
    fixture = await startFixture({ milestones: ['Sprint 1'] });
    const result = await run(fixture);
    expect(result.status).toBe('skipped');
    expect(result.exitCode).toBe(0);
    expect(result.telemetry?.skipped_reason).toMatch(/'Codex Internal' does not exist/);
    expect(result.outputs.summary).toMatch(/skipped/);
    expect(fixture.emulator.state.listIssues(REPO)).toHaveLength(0);
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
  });

  it('says what diagnostics says of the same missing milestone and of a token that may not push', async () => {
    fixture = await startFixture({ milestones: ['Sprint 1'] });
    const self = await run(fixture, { token: READ_ONLY, inputs: { publish: 'none' } });
    const diagnostics = await runStageInProcess(diagnosticsStage, {
      apiUrl: fixture.emulator.url,
      token: READ_ONLY,
      repository: REPO,
      inputs: { publish: 'none' },
    });
    const of = (result: Awaited<ReturnType<typeof run>>, name: string) =>
      checksOf(result).find((c) => c.name === name)?.message;
    expect(of(self, 'milestone')).toBe(of(diagnostics, 'milestone self-test'));
    expect(self.telemetry?.skipped_reason).toBe(of(diagnostics, 'milestone self-test'));
    expect(of(self, 'pages write access')).toBe(of(diagnostics, 'token write access'));
    expect(of(self, 'pages write access')).toMatch(/may not push/);
  });

  it('uses a configured milestone, compared case-insensitively', async () => {
    fixture = await startFixture({ milestones: ['Housekeeping'] });
    const result = await run(fixture, { inputs: { 'selftest-milestone': 'housekeeping' } });
    expect(result.status).toBe('ok');
    expect(result.telemetry?.milestone).toEqual({ title: 'Housekeeping', number: 1 });
  });

  it('reports a token without issue write clearly, and still exits 0', async () => {
    fixture = await startFixture();
    const result = await run(fixture, { token: NO_ISSUE_WRITE, inputs: { publish: 'none' } });
    expect(result.exitCode).toBe(0);
    expect(result.status).toBe('degraded');
    const create = checksOf(result).find((c) => c.name === 'issue create')!;
    expect(create.ok).toBe(false);
    expect(create.message).toMatch(/403/);
    expect(create.message).toMatch(/issues: write/);
    expect(result.logs.some((l) => l.level === 'warning' && /issues: write/.test(l.message))).toBe(true);
    expect(result.telemetry?.issue_number).toBeNull();
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
  });

  it('ends error when the token cannot read the repository', async () => {
    fixture = await startFixture();
    const result = await run(fixture, {
      token: 'ghp_unknown_token_000000000000000000',
      inputs: { publish: 'none' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.status).toBe('error');
    expect(checksOf(result)[0]).toMatchObject({ name: 'token', ok: false });
    expect(checksOf(result)[0]!.message).toMatch(/401/);
  });

  it('fails the label and project checks when they are missing or unreachable', async () => {
    fixture = await startFixture({ labels: false, project: false });
    const result = await run(fixture, { token: ADMIN });
    const byName = Object.fromEntries(checksOf(result).map((c) => [c.name, c]));
    expect(byName.labels!.ok).toBe(false);
    expect(byName.labels!.message).toMatch(/codex, codex-selftest/);
    expect(byName['project access']!.ok).toBe(false);
    expect(byName['project access']!.message).toMatch(/not found with this token/);
    expect(result.status).toBe('degraded');
  });

  it('dry run creates nothing and reports the create as planned', async () => {
    fixture = await startFixture();
    const result = await run(fixture, { inputs: { 'dry-run': 'true' } });
    expect(writesIn(fixture.emulator)).toEqual([]);
    expect(result.status).toBe('ok');
    const create = checksOf(result).find((c) => c.name === 'issue create')!;
    expect(create.message).toMatch(/Dry run: would create/);
    expect(result.telemetry?.issue_number).toBeNull();
  });
});
