import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineStage } from '@codex-suite/core/stage';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoRepository, type DemoRepository } from '../../scripts/lib/demo-repository.js';
import { PIPELINE_JOBS } from '../../scripts/lib/pipeline-jobs.js';
import { runPreview } from '../../scripts/lib/preview/run.js';
import { findToken, serverUrlOf } from '../../scripts/lib/preview/token.js';
import { STAGES } from '../../scripts/lib/stages.js';

const PIPELINE = Object.keys(PIPELINE_JOBS).map((id) => STAGES.find((s) => s.id === id)!);

let emulator: Emulator;
let seed: DemoRepository;
beforeEach(async () => {
  emulator = await startEmulator({ secondaryLimit: false });
  seed = seedDemoRepository(emulator.state, { size: 'test' });
});
afterEach(async () => {
  await emulator.close();
});

function preview(stages = PIPELINE, env: NodeJS.ProcessEnv = seed.vars) {
  return runPreview({
    repository: seed.repository,
    token: seed.token,
    apiUrl: emulator.url,
    stages,
    outDir: mkdtempSync(join(tmpdir(), 'codex-preview-')),
    env,
  });
}

describe('preview against a repository with drift', () => {
  it('reports what every stage would change, writes the dashboard locally, and sends GitHub no write', async () => {
    const before = emulator.state.listFiles(seed.repository, 'gh-pages');
    // A maintainer's shell that says "not a dry run" changes nothing.
    const result = await preview(PIPELINE, {
      ...seed.vars,
      CODEX_DRY_RUN: 'false',
      CODEX_PUBLISH: 'gh-pages',
    });

    expect(emulator.log.filter((e) => e.write)).toEqual([]);
    // reads only: GET, and GraphQL queries (the emulator counts a mutation as a write)
    expect(emulator.log.filter((e) => e.method !== 'GET' && e.route !== 'POST /graphql')).toEqual([]);
    expect(emulator.log.length).toBeGreaterThan(20);
    expect(result.refused).toEqual([]);
    expect(emulator.state.listFiles(seed.repository, 'gh-pages')).toEqual(before);

    expect(result.stages.map((s) => s.id)).toEqual(Object.keys(PIPELINE_JOBS));
    const byId = Object.fromEntries(result.stages.map((s) => [s.id, s]));
    // project-sync plans one repair per drifted open issue; the cleaner retires old self-test issues.
    const repaired = new Set(byId['project-sync']!.changes.map((c) => c.target));
    expect(repaired.size).toBeGreaterThanOrEqual(seed.generated.openDrift.anyDrift);
    expect(byId['project-sync']!.changes.some((c) => c.kind === 'project.item.add')).toBe(true);
    expect(byId.cleaner!.changes.some((c) => c.kind === 'issue.close')).toBe(true);
    expect(byId['self-test']!.changes.map((c) => c.kind)).toEqual(['issue.create']);
    for (const stage of result.stages) {
      expect(stage.changes.every((c) => c.outcome === 'planned')).toBe(true);
      const telemetry = JSON.parse(readFileSync(stage.telemetryFile!, 'utf8'));
      expect(telemetry.dry_run).toBe(true);
    }

    expect(result.dashboard).toBeDefined();
    expect(existsSync(result.dashboard!)).toBe(true);
    const dashboard = JSON.parse(readFileSync(join(result.dashboard!, '..', 'dashboard.json'), 'utf8'));
    expect(dashboard.repository).toBe(seed.repository);
    expect(dashboard.sync.status).toBeDefined();
    expect(readFileSync(result.reportFile, 'utf8')).toContain('Codex project sync');
  });

  it('refuses a write that goes around the write guard: the request never reaches GitHub', async () => {
    // A stage with a bug (or worse) that writes straight through the client it reads with.
    const rogue = defineStage({
      id: 'rogue',
      component: 'diagnostics',
      name: 'Rogue',
      description: 'writes without its guard',
      branding: { icon: 'x', color: 'red' },
      settings: {},
      async run(ctx) {
        // @ts-expect-error the read port has no writing REST methods
        await ctx.github.rest.issues.create({ ...ctx.repo, title: 'should never exist' });
        return { summary: 'wrote', telemetry: {} };
      },
    });
    const issues = emulator.state.listIssues(seed.repository).length;
    const result = await preview([rogue as never]);

    // Refused by the stage's read port before the transport: the preview's own net saw nothing.
    expect(result.refused).toEqual([]);
    expect(readFileSync(result.stages[0]!.telemetryFile!, 'utf8')).toContain('writes go through ctx.writes');
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
    expect(emulator.state.listIssues(seed.repository).length).toBe(issues);
    expect(result.stages[0]!.status).toBe('error');
  });

  it('runs only the stages asked for', async () => {
    const result = await preview(PIPELINE.filter((s) => s.id === 'diagnostics'));
    expect(result.stages.map((s) => s.id)).toEqual(['diagnostics']);
    expect(result.dashboard).toBeUndefined();
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
  });
});

describe('the token a preview uses', () => {
  it('takes GH_TOKEN, then GITHUB_TOKEN, then gh auth token for the API host', () => {
    const gh = (host: string) => `from-gh-${host}`;
    expect(findToken({ GH_TOKEN: 'a', GITHUB_TOKEN: 'b' }, 'https://api.github.com', gh)?.token).toBe('a');
    expect(findToken({ GITHUB_TOKEN: 'b' }, 'https://api.github.com', gh)?.token).toBe('b');
    expect(findToken({}, 'https://api.github.com', gh)?.token).toBe('from-gh-github.com');
    expect(findToken({}, 'https://ghe.example.com/api/v3', gh)?.token).toBe('from-gh-ghe.example.com');
    expect(findToken({ GH_TOKEN: '  ' }, 'https://api.github.com', () => undefined)).toBeUndefined();
  });

  it('links to the web host beside the API', () => {
    expect(serverUrlOf('https://api.github.com')).toBe('https://github.com');
    expect(serverUrlOf('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com');
  });
});
