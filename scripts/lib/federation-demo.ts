/**
 * `npm run demo -- --federation`: codex-federation.yml over three seeded repositories of one
 * organisation (one of them made to fail), from a control repository, on the local emulator.
 * Exports the control repository's `federation/` and each target's pages branch under `outDir`,
 * so the overview's links work when served from there.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { OverviewDocument } from '@codex-suite/core/federation/overview';
import { startEmulator } from '@codex-suite/emulator/server';
import { exportBranch } from './export-branch.js';
import { appTokens, CONTROL, runFederation, seedFleet } from './federation-fleet.js';

const CONFIG = `targets:
  organization: codex-fleet
  topics: [codex]
limits:
  max-jobs: 2
  max-parallel: 2
settings:
  main-milestone: Codex Main
  dashboard-milestone: Codex Dashboard
repositories:
  codex-fleet/gamma:
    main-stale-days: 7
`;

export async function runFederationDemo(outDir: string): Promise<{ ok: boolean; overview: string }> {
  const emulator = await startEmulator({ secondaryLimit: { writesPerMinute: 5_000, retryAfterSeconds: 1 } });
  try {
    const fleet = seedFleet(emulator, ['alpha', 'beta', 'gamma'], CONFIG);
    // beta: every request of its own answers 500, to show a failing repository in the overview.
    emulator.faults.add({ route: /^\/repos\/codex-fleet\/beta(\/|$)/, status: 500 });
    console.log(
      `Codex Suite federation demo: ${fleet.targets.map((t) => t.repository).join(', ')} (topic codex) from ${CONTROL}; ` +
        `${fleet.excluded.join(' and ')} are left out by the filter; codex-fleet/beta answers 500 to everything.\n`,
    );
    const started = Date.now();
    const { override } = appTokens(emulator);
    const run = await runFederation(emulator, { runId: '9001', override });
    const shards = JSON.parse(run.federation.jobs.plan?.outputs.shards ?? '[]') as Array<{
      repositories: string[];
    }>;
    console.log(`plan: ${shards.map((s, i) => `shard ${i}: ${s.repositories.join(', ')}`).join(' · ')}`);
    const text = emulator.state.readFile(CONTROL, 'gh-pages', 'federation/overview.json');
    if (!text) {
      console.log('no overview was published');
      return { ok: false, overview: '' };
    }
    const doc = JSON.parse(text) as OverviewDocument;
    console.log(
      '\nrepository            status    verdict  open stale escalated drift malformed  failing stages',
    );
    for (const r of doc.repositories) {
      const cells = [r.open, r.stale, r.escalated, r.drift, r.malformed].map((v) =>
        String(v ?? '—').padStart(5),
      );
      const failing = r.failing.map((f) => `${f.component} (${f.code ?? f.status})`).join(', ') || '—';
      console.log(
        `${r.repository.padEnd(22)}${r.status.padEnd(10)}${String(r.verdict ?? '—').padEnd(8)}${cells.join(' ')}      ${failing}`,
      );
    }
    // The site as GitHub Pages would serve it: the control repository and every target side by side.
    rmSync(outDir, { recursive: true, force: true });
    exportBranch(emulator, CONTROL, 'gh-pages', path.join(outDir, 'control'));
    for (const t of fleet.targets)
      exportBranch(emulator, t.repository, 'gh-pages', path.join(outDir, t.repository.split('/')[1]!));
    const overview = path.join(outDir, 'control', 'federation', 'index.html');
    console.log(
      `\noverview: ${overview}  (${emulator.log.length} requests, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    return { ok: run.result.conclusion === 'success', overview };
  } finally {
    await emulator.close();
  }
}
