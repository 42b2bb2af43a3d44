/**
 * The federation on the test bed (the end-to-end test, the demo and the benchmark): an organisation with several seeded repositories, a control
 * repository holding the configuration file, an App whose installation tokens the emulator mints
 * per shard, and the caller example run through the local workflow executor.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator, RequestLogEntry } from '@codex-suite/emulator/server';
import type { RateLimitInput } from '@codex-suite/emulator/types';
import { runWorkflow, type StepOverride, type WorkflowResult } from '@codex-suite/harness/run-workflow';
import { type DemoRepository, seedDemoRepository } from './demo-repository.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examplesDir = path.join(repoRoot, 'docs', 'examples');

/** `codex-suite/codex-suite/<path>@<ref>` (the caller's reusable workflow) → this checkout. */
function resolveSuiteWorkflow(uses: string, kind: 'action' | 'workflow'): string | undefined {
  const m = /^codex-suite\/codex-suite\/([^@]+)@.+$/i.exec(uses);
  return kind === 'workflow' && m ? path.join(repoRoot, m[1]!) : undefined;
}

export const CONTROL = 'codex-fleet/control';
export const CONTROL_TOKEN = 'ghs_federationControlToken0000000000001';

export interface Fleet {
  targets: DemoRepository[];
  /** repositories of the organisation the filter must leave out */
  excluded: string[];
}

/**
 * Seeds `names` under the organisation `codex-fleet` with topic `codex` (each `test`-sized unless
 * `sizes` says `demo`), plus two repositories the filter excludes and the control repository.
 */
export function seedFleet(
  emulator: Emulator,
  names: readonly string[],
  config: string,
  sizes: Readonly<Record<string, 'demo' | 'test'>> = {},
): Fleet {
  const state = emulator.state;
  const targets = names.map((name, i) =>
    seedDemoRepository(state, {
      repository: `codex-fleet/${name}`,
      size: sizes[name] ?? 'test',
      seed: 100 + i,
      token: `ghp_fleetSeedToken${String(i).padStart(20, '0')}`,
    }),
  );
  for (const t of targets) state.repo(t.repository).topics = ['codex'];
  state.addRepo('codex-fleet/old-tool', { ownerType: 'Organization', topics: ['codex'], archived: true });
  state.addRepo('codex-fleet/website', { ownerType: 'Organization', topics: ['web'] });
  state.addRepo(CONTROL, { ownerType: 'Organization' });
  state.writeFiles(CONTROL, 'main', { '.github/codex-federation.yml': config }, 'federation configuration');
  state.addToken(CONTROL_TOKEN, { login: 'github-actions[bot]', permissions: { contents: 'write' } });
  return { targets, excluded: ['codex-fleet/old-tool', 'codex-fleet/website'] };
}

/**
 * actions/create-github-app-token as the test bed's App: each call mints an emulator token with
 * the asked `permission-*` inputs. `budgets` gives a shard's token (by its first repository) a
 * smaller rate limit, as an installation that ran out would have.
 */
export function appTokens(
  emulator: Emulator,
  budgets: Record<string, RateLimitInput> = {},
): { override: StepOverride; minted: Array<{ owner: string; repositories: string; token: string }> } {
  const minted: Array<{ owner: string; repositories: string; token: string }> = [];
  const override: StepOverride = (ctx) => {
    const permissions: Record<string, string> = {};
    for (const [key, value] of Object.entries(ctx.inputs)) {
      const m = /^permission-(contents|issues|organization-projects)$/.exec(key);
      if (m && value) permissions[m[1] === 'organization-projects' ? 'projects' : m[1]!] = value;
    }
    const token = `ghs_app${String(minted.length).padStart(30, '0')}`;
    const first = `${ctx.inputs.owner}/${(ctx.inputs.repositories ?? '').split(',')[0]}`;
    emulator.state.addToken(token, {
      login: 'codex-fleet-app[bot]',
      permissions,
      ...(budgets[first] ? { rateLimit: budgets[first] } : {}),
    });
    minted.push({ owner: ctx.inputs.owner ?? '', repositories: ctx.inputs.repositories ?? '', token });
    ctx.log(`Minted an installation token for ${ctx.inputs.repositories || 'every repository'}`);
    return { outputs: { token } };
  };
  return { override, minted };
}

export interface FederationRun {
  result: WorkflowResult;
  /** the called codex-federation.yml */
  federation: WorkflowResult;
  log: RequestLogEntry[];
}

export async function runFederation(
  emulator: Emulator,
  options: { runId: string; override: StepOverride; dryRun?: boolean; runNumber?: number },
): Promise<FederationRun> {
  const before = emulator.log.length;
  const result = await runWorkflow({
    workflowPath: path.join(examplesDir, 'codex-federation.yml'),
    repoRoot,
    event: { name: 'workflow_dispatch', inputs: { 'dry-run': options.dryRun === true } },
    // A local test bed: no pause between writes, quick retries.
    vars: { CODEX_APP_CLIENT_ID: 'Iv1.fleet', CODEX_WRITE_INTERVAL_MS: '0', CODEX_RETRY_BASE_MS: '20' },
    secrets: { CODEX_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----test-----END RSA PRIVATE KEY-----' },
    github: {
      repository: CONTROL,
      repository_owner: 'codex-fleet',
      token: CONTROL_TOKEN,
      api_url: emulator.url,
      run_id: options.runId,
      run_number: String(options.runNumber ?? 1),
      sha: emulator.state.branch(CONTROL, 'main'),
    },
    resolveUses: resolveSuiteWorkflow,
    stepOverrides: (step) =>
      String(step.uses ?? '').startsWith('actions/create-github-app-token@') ? options.override : undefined,
    defaultStepTimeoutMs: 300_000,
  });
  const federation = result.jobs.federation?.workflow;
  if (!federation)
    throw new Error(
      `the caller did not run the federation: ${JSON.stringify(result.jobs.federation?.error)}`,
    );
  return { result, federation, log: emulator.log.slice(before) };
}
