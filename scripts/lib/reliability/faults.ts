import type { Emulator } from '@codex-suite/emulator/server';
import { RELIABILITY_REPO, RELIABILITY_TOKEN } from './fixture.js';

/** The routes a stage is hit on: one it reads, one it writes. */
export interface StageRoutes {
  readonly read: string;
  readonly write: string;
}

export const STAGE_ROUTES: Readonly<Record<string, StageRoutes>> = {
  'self-test': { read: 'GET /repos/{owner}/{repo}/issues', write: 'POST /repos/{owner}/{repo}/issues' },
  cleaner: {
    read: 'GET /repos/{owner}/{repo}/issues',
    write: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  },
  'project-sync': {
    read: 'GET /repos/{owner}/{repo}/issues',
    write: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  },
  supervisor: {
    read: 'GET /repos/{owner}/{repo}/issues',
    write: 'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  },
  activity: {
    read: 'GET /repos/{owner}/{repo}/issues',
    write: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  },
  'telemetry-merge': {
    read: 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
    // its one write: the createCommitOnBranch of the run (the Git Data trees are no longer used)
    write: 'POST /graphql',
  },
  diagnostics: { read: 'GET /repos/{owner}/{repo}/labels', write: 'POST /repos/{owner}/{repo}/labels' },
};

export interface FaultCase {
  readonly id: string;
  readonly description: string;
  /** environment for the run (e.g. a short client timeout) */
  readonly env?: Readonly<Record<string, string>>;
  install(emulator: Emulator, routes: StageRoutes): void;
}

const twice = [1, 2];

/** The fault matrix of docs/reliability.md: each injected per route and method. */
export const FAULT_CASES: readonly FaultCase[] = [
  ...[500, 502, 503].map((status) => ({
    id: `http-${status}`,
    description: `${status} on the first two reads`,
    install: (e: Emulator, r: StageRoutes) => void e.faults.add({ route: r.read, status, at: twice }),
  })),
  {
    id: 'http-503-persistent',
    description: '503 on every read of the route',
    install: (e, r) => void e.faults.add({ route: r.read, status: 503 }),
  },
  {
    id: 'connection-reset',
    description: 'connection reset on the first two reads',
    install: (e, r) => void e.faults.add({ route: r.read, reset: true, at: twice }),
  },
  {
    id: 'slow-response',
    description: 'first two reads slower than the client timeout (0.8 s)',
    env: { CODEX_REQUEST_TIMEOUT_MS: '800' },
    install: (e, r) => void e.faults.add({ route: r.read, delayMs: 1_500, at: twice }),
  },
  {
    id: 'malformed-json',
    description: 'a 200 whose body is not JSON',
    install: (e, r) => void e.faults.add({ route: r.read, status: 200, body: '<html>oops</html>', at: [1] }),
  },
  {
    id: 'truncated-json',
    description: 'a 200 whose JSON body is cut short',
    install: (e, r) =>
      void e.faults.add({ route: r.read, status: 200, body: '[{"number": 1, "title": "cut', at: [1] }),
  },
  {
    id: 'primary-near',
    description: 'primary rate limit exhausted, reset in 2 s',
    install: (e) => e.faults.primaryExhausted({ token: RELIABILITY_TOKEN, resetInSeconds: 2 }),
  },
  {
    id: 'primary-far',
    description: 'primary rate limit exhausted, reset in 1 h',
    install: (e) => e.faults.primaryExhausted({ token: RELIABILITY_TOKEN, resetInSeconds: 3_600 }),
  },
  {
    id: 'secondary-403',
    description: 'secondary limit (403, retry-after 1) on the first write',
    install: (e, r) => void e.faults.secondaryLimit({ route: r.write, status: 403, retryAfter: 1, times: 1 }),
  },
  {
    id: 'secondary-429',
    description: 'secondary limit (429, retry-after 1) on the first write',
    install: (e, r) => void e.faults.secondaryLimit({ route: r.write, status: 429, retryAfter: 1, times: 1 }),
  },
  {
    id: 'gone-404',
    description: '404 on the first write (issue gone between list and update)',
    install: (e, r) =>
      void e.faults.add({
        route: r.write,
        status: 404,
        body: JSON.stringify({ message: 'Not Found' }),
        at: [1],
      }),
  },
  {
    id: 'gone-410',
    description: '410 on the first write (issue deleted between list and update)',
    install: (e, r) =>
      void e.faults.add({
        route: r.write,
        status: 410,
        body: JSON.stringify({ message: 'This issue was deleted' }),
        at: [1],
      }),
  },
  {
    id: 'head-moved',
    description:
      'the pages branch moves just before the first commit (createCommitOnBranch answers STALE_DATA)',
    // Pages commits land by GraphQL createCommitOnBranch with expectedHeadOid; another writer
    // commits first, so the commit meets a moved head and must be rebuilt on it and retried.
    install: (e) =>
      void e.faults.add({
        route: 'POST /graphql',
        body_matches: /createCommitOnBranch/,
        at: [1],
        effect: () =>
          e.state.writeFiles(
            RELIABILITY_REPO,
            'gh-pages',
            { 'concurrent/other-writer.txt': 'written by another run\n' },
            'another writer',
          ),
      }),
  },
];
