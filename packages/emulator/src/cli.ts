import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateRepository } from './generator.js';
import type { Scenario } from './scenario.js';
import { startEmulator } from './server.js';

const USAGE = `Usage: npm run emulator -- [--port N] [--scenario file.json] [--generate N] [--repo owner/name] [--seed N] [--drift 0.1]

Starts the local GitHub emulator on 127.0.0.1 and prints its URL and a token.
  --port N          port to listen on (default 0: a free port)
  --scenario FILE   JSON scenario to load (see packages/emulator/README.md)
  --generate N      generate N issues (80% open, 20% closed) plus N/20 pull requests in --repo
  --repo R          repository for --generate (default codex-org/codex-repo)
  --seed N          generator seed (default 1)
  --drift X         generator drift rate 0..1 (default 0.1)
  --no-secondary    turn the secondary rate limit off
  -h, --help        print this help and exit

Duration: starts in about a second (longer with --generate) and runs until Ctrl-C.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      scenario: { type: 'string' },
      generate: { type: 'string' },
      repo: { type: 'string' },
      seed: { type: 'string' },
      drift: { type: 'string' },
      'no-secondary': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = values.scenario ? (JSON.parse(readFileSync(values.scenario, 'utf8')) as Scenario) : undefined;
  const emulator = await startEmulator({
    port: values.port ? Number(values.port) : 0,
    ...(seed ? { seed } : {}),
    ...(values['no-secondary'] ? { secondaryLimit: false as const } : {}),
  });
  const token = `ghp_emu${randomBytes(16).toString('hex')}`;
  emulator.state.addToken(token, {
    login: 'emulator-admin',
    permissions: {
      issues: 'write',
      contents: 'write',
      pull_requests: 'write',
      projects: 'write',
      variables: 'write',
      admin: true,
    },
  });
  const repo = values.repo ?? 'codex-org/codex-repo';
  if (values.generate) {
    const total = Number(values.generate);
    const report = generateRepository(emulator.state, repo, {
      openIssues: Math.round(total * 0.8),
      closedIssues: total - Math.round(total * 0.8),
      pullRequests: Math.round(total / 20),
      driftRate: values.drift ? Number(values.drift) : 0.1,
      seed: values.seed ? Number(values.seed) : 1,
    });
    console.log(`generated ${repo}: ${JSON.stringify(report.counts)} drift ${JSON.stringify(report.drift)}`);
  }
  console.log(`GITHUB_API_URL=${emulator.url}`);
  console.log(`GITHUB_GRAPHQL_URL=${emulator.url}/graphql`);
  console.log(`GITHUB_TOKEN=${token}`);
  console.log('Running; stop with Ctrl-C.');
  const stop = (): void => {
    emulator.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
