/**
 * codex-federation.yml through the local workflow executor against the emulator: the plan resolves
 * an organisation's repositories by topic into shards, each shard job mints its own App token and
 * runs every stage for its repositories, the overview lands on the control repository's pages
 * branch. One repository fails (every request answers 500) and one shard's installation is out of
 * budget: neither stops the others.
 */
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import type { OverviewDocument } from '@codex-suite/core/federation/overview';
import { afterEach, describe, expect, it } from 'vitest';
import { appTokens, CONTROL, runFederation, seedFleet } from '../../scripts/lib/federation-fleet.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const CONFIG = `
targets:
  organization: codex-fleet
  topics: [codex]
limits:
  max-jobs: 2
  max-parallel: 2
settings:
  main-milestone: Codex Main
  dashboard-milestone: Codex Dashboard
repositories:
  codex-fleet/beta:
    main-stale-days: 7
`;

describe('codex-federation.yml', () => {
  it('runs every repository of the organisation with the topic, in shards, and publishes one overview', async () => {
    emulator = await startEmulator({ secondaryLimit: { writesPerMinute: 10_000, retryAfterSeconds: 1 } });
    const fleet = seedFleet(emulator, ['alpha', 'beta', 'gamma'], CONFIG);
    // alpha: every request of its own answers 500; gamma's shard: an installation with 3 requests left.
    emulator.faults.add({ route: /^\/repos\/codex-fleet\/alpha(\/|$)/, status: 500 });
    const { override, minted } = appTokens(emulator, { 'codex-fleet/gamma': { limit: 5000, remaining: 3 } });

    const run = await runFederation(emulator, { runId: '7001', override });
    const jobs = run.federation.jobs;

    // The plan: 3 targets (archived, other-topic and control repositories left out) in 2 shards.
    expect(jobs.plan!.result).toBe('success');
    const shards = JSON.parse(jobs.plan!.outputs.shards!);
    expect(shards.map((s: { repositories: string[] }) => s.repositories)).toEqual([
      ['codex-fleet/alpha', 'codex-fleet/beta'],
      ['codex-fleet/gamma'],
    ]);
    expect(shards[0].env['codex-fleet/beta']).toMatchObject({ CODEX_MAIN_STALE_DAYS: '7' });
    expect(jobs.plan!.outputs['max-parallel']).toBe('2');
    const listed = run.log.filter((e) => e.method === 'GET' && e.path.startsWith('/orgs/codex-fleet/repos'));
    expect(listed.length).toBeGreaterThan(0);

    // One token per shard, scoped to the shard's repositories and its stages' permissions.
    expect(minted.slice(1).map((m) => m.repositories)).toEqual(['alpha,beta', 'gamma']);
    // Without `projects: true` no token can reach an organisation's project.
    for (const m of minted) expect(emulator.state.tokens.get(m.token)?.permissions.projects).toBeUndefined();
    expect(jobs.shard!.matrix).toHaveLength(2);
    for (const instance of jobs.shard!.matrix!) expect(instance.record.result).toBe('success');
    const byShard = jobs.shard!.matrix!.map(
      (i) => i.record.steps.find((st) => st.id === 'run')?.outputs.status,
    );
    expect(byShard).toEqual(['error', 'degraded']);

    // The overview on the control repository's pages branch.
    const text = emulator.state.readFile(CONTROL, 'gh-pages', 'federation/overview.json');
    expect(text).toBeDefined();
    const doc = JSON.parse(text!) as OverviewDocument;
    const rows = Object.fromEntries(doc.repositories.map((r) => [r.repository, r]));
    expect(Object.keys(rows)).toEqual(['codex-fleet/alpha', 'codex-fleet/beta', 'codex-fleet/gamma']);
    // alpha failed, and beta, after it in the same job, still ran to the end.
    expect(rows['codex-fleet/alpha']!.status).toBe('error');
    expect(rows['codex-fleet/beta']!.status).not.toBe('error');
    expect(rows['codex-fleet/beta']!.verdict).toMatch(/green|yellow|red/);
    expect(rows['codex-fleet/beta']!.open).toBeGreaterThan(0);
    expect(rows['codex-fleet/beta']!.dashboard_url).toBe('https://codex-fleet.github.io/beta/dashboard/');
    // gamma ran out of budget: degraded with rate_limited, to be resumed by the next run.
    expect(rows['codex-fleet/gamma']!.status).toBe('degraded');
    expect(rows['codex-fleet/gamma']!.failing.map((f) => f.code)).toContain('rate_limited');
    for (const file of ['index.html', 'overview.js', 'overview.css']) {
      expect(emulator.state.readFile(CONTROL, 'gh-pages', `federation/${file}`)).toBeDefined();
    }
    // beta's own pages branch has its dashboard, written with the shard's token.
    expect(emulator.state.readFile('codex-fleet/beta', 'gh-pages', 'dashboard/dashboard.json')).toBeDefined();
    // The excluded repositories were never touched.
    for (const name of fleet.excluded) {
      expect(run.log.some((e) => e.path.startsWith(`/repos/${name}/`) || e.path.includes(name))).toBe(false);
    }
  }, 300_000);

  it('covers what the budget allows each run and the rest on the next, keeping their rows meanwhile', async () => {
    emulator = await startEmulator({ secondaryLimit: { writesPerMinute: 10_000, retryAfterSeconds: 1 } });
    seedFleet(
      emulator,
      ['alpha', 'beta', 'gamma'],
      CONFIG.replace(
        '  max-parallel: 2\n',
        '  max-parallel: 2\n  requests-per-hour: 120\n  requests-per-repository: 60\n',
      ),
    );
    const ran = async (runNumber: number) => {
      const { override } = appTokens(emulator!);
      const run = await runFederation(emulator!, { runId: `720${runNumber}`, runNumber, override });
      const shards = JSON.parse(run.federation.jobs.plan!.outputs.shards!) as Array<{
        repositories: string[];
      }>;
      const doc = JSON.parse(emulator!.state.readFile(CONTROL, 'gh-pages', 'federation/overview.json')!);
      return {
        covered: shards.flatMap((s) => s.repositories),
        deferred: JSON.parse(run.federation.jobs.plan!.outputs.deferred!) as string[],
        rows: doc.repositories as Array<{ repository: string; finished_at: string }>,
      };
    };
    const first = await ran(0);
    expect(first.covered).toEqual(['codex-fleet/alpha', 'codex-fleet/beta']);
    expect(first.deferred).toEqual(['codex-fleet/gamma']);
    expect(first.rows.map((r) => r.repository)).toEqual(['codex-fleet/alpha', 'codex-fleet/beta']);
    const second = await ran(1);
    expect(second.covered).toEqual(['codex-fleet/alpha', 'codex-fleet/gamma']);
    expect(second.deferred).toEqual(['codex-fleet/beta']);
    // beta was not run: its row is the one of the first run, kept as it was.
    expect(second.rows.map((r) => r.repository)).toEqual([
      'codex-fleet/alpha',
      'codex-fleet/beta',
      'codex-fleet/gamma',
    ]);
    expect(second.rows.find((r) => r.repository === 'codex-fleet/beta')).toEqual(
      first.rows.find((r) => r.repository === 'codex-fleet/beta'),
    );
  }, 300_000);
});
