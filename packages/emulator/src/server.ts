import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from './faults.js';
import type { RequestLogEntry } from './log.js';
import { type EmulatorParts, parseRequest } from './request/exchange.js';
import { serverError } from './request/respond.js';
import { REQUEST_STEPS } from './request/steps.js';
import { type Route, Router } from './router.js';
import { contentRoutes } from './routes/contents.js';
import { gitRoutes } from './routes/git.js';
import { graphqlRoutes } from './routes/graphql.js';
import { issueRoutes } from './routes/issues.js';
import { labelRoutes } from './routes/labels.js';
import { milestoneRoutes } from './routes/milestones.js';
import { projectRoutes } from './routes/projects.js';
import { pullRoutes } from './routes/pulls.js';
import { repoRoutes } from './routes/repos.js';
import { variableRoutes } from './routes/variables.js';
import { loadScenario, type Scenario } from './scenario.js';
import { EmulatorState, tokenId } from './state.js';
import { acknowledgeViolations, type Violation } from './validation/violations.js';
import { DEFAULT_SECONDARY_LIMIT, type SecondaryLimit } from './wire/ratelimit.js';

export type { RequestLogEntry } from './log.js';
export type { Scenario } from './scenario.js';
export { EmulatorState } from './state.js';
export { FaultPlan } from './faults.js';
export type { Violation } from './validation/violations.js';

export interface EmulatorOptions {
  seed?: Scenario;
  /** 0 (default) picks a free port on 127.0.0.1. */
  port?: number;
  /** Secondary limit on content-creating requests; default 80 writes/minute, retry-after 60 s. `false` turns it off. */
  secondaryLimit?: SecondaryLimit | false;
  clock?: () => Date;
  /** Seed of the PRNG behind `rate` faults (default 1). */
  faultSeed?: number;
}

export interface Emulator {
  url: string;
  state: EmulatorState;
  faults: FaultPlan;
  log: RequestLogEntry[];
  resetLog(): void;
  /**
   * Answers this emulator sent that GitHub's REST description or GraphQL schema does not allow
   * (injected faults excepted). Each also sits in the process store that fails the causing test.
   */
  violations: Violation[];
  /** This emulator's violations so far, taken out of the process store: for tests that provoke them. */
  takeViolations(): Violation[];
  close(): Promise<void>;
}

export function allRoutes(): Route[] {
  return [
    ...repoRoutes,
    ...issueRoutes,
    ...labelRoutes,
    ...milestoneRoutes,
    ...projectRoutes,
    ...gitRoutes,
    ...contentRoutes,
    ...variableRoutes,
    ...pullRoutes,
    ...graphqlRoutes,
  ];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(options.clock);
  if (options.seed) loadScenario(state, options.seed);
  const faults = new FaultPlan(options.faultSeed ?? 1, tokenId, (token, resetInSeconds) => {
    const targets = token === undefined ? [...state.tokens.values()] : [state.tokens.get(token)];
    for (const record of targets) {
      if (!record) throw new Error('primaryExhausted: unknown token');
      record.core.remaining = 0;
      record.core.resetAt = state.nowMs() + resetInSeconds * 1000;
    }
  });
  const router = new Router();
  router.add(allRoutes());
  const secondary =
    options.secondaryLimit === false ? undefined : (options.secondaryLimit ?? DEFAULT_SECONDARY_LIMIT);
  const log: RequestLogEntry[] = [];
  const violations: Violation[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let seq = 0;
  let base = '';

  const parts: EmulatorParts = { state, faults, router, secondary, log, violations, base: () => base };
  const server: Server = createServer((req, res) => {
    seq += 1;
    handle(parts, req, res, seq).catch((error: unknown) => serverError(res, error));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  base = `http://127.0.0.1:${address.port}`;

  const emulator: Emulator = {
    url: base,
    state,
    faults,
    log,
    resetLog: () => {
      log.length = 0;
    },
    violations,
    takeViolations: () => {
      const taken = violations.splice(0);
      acknowledgeViolations(taken);
      return taken;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return emulator;
}

/**
 * The request path: parse, then each step in order (request/steps.ts: fault injection, the free
 * rate-limit endpoint, authentication, the primary limit, the route, permissions, the secondary
 * limit, the handler) until one answers. A step that needs no wait runs synchronously, as one
 * handler did before the path was split into steps.
 */
async function handle(
  parts: EmulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  n: number,
): Promise<void> {
  const x = await parseRequest(parts, req, res, n);
  for (const step of REQUEST_STEPS) {
    const answered = step(x);
    if (typeof answered === 'boolean' ? answered : await answered) return;
  }
}
