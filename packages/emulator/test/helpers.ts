import { type Emulator, type EmulatorOptions, startEmulator } from '../src/server.js';
import type { TokenPermissions } from '../src/types.js';

export const ADMIN = 'ghp_admin_token_0000000000000000000000';
export const WRITER = 'ghs_writer_token_000000000000000000000';
export const READER = 'ghs_reader_token_000000000000000000000';
export const REPO = 'octo-org/widgets';

export const ALL_WRITE: TokenPermissions = {
  issues: 'write',
  contents: 'write',
  pull_requests: 'write',
  projects: 'write',
  variables: 'write',
};

/** An emulator with an admin, a writer (no admin) and a read-only token, and one repository. */
export async function setup(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  emulator.state.addToken(ADMIN, { login: 'octo-admin', permissions: { ...ALL_WRITE, admin: true } });
  emulator.state.addToken(WRITER, { login: 'github-actions[bot]', permissions: ALL_WRITE });
  emulator.state.addToken(READER, {
    login: 'reader',
    permissions: {
      issues: 'read',
      contents: 'read',
      pull_requests: 'read',
      projects: 'read',
      variables: 'read',
    },
  });
  if (!emulator.state.findRepo(REPO)) emulator.state.addRepo(REPO);
  return emulator;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience over JSON bodies
  body: any;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Calls the emulator like an API client; `path` may be absolute (a Link URL). */
export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    ...(options.headers ?? {}),
  };
  const token = options.token === undefined ? WRITER : options.token;
  if (token) headers.authorization = `token ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path.startsWith('http') ? path : `${emulator.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Parses a Link header into rel -> URL. */
export function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (match?.[1] && match[2]) out[match[2]] = match[1];
  }
  return out;
}

/** Follows rel="next" from `path`, returning every item. */
export async function collect(emulator: Emulator, path: string, token?: string): Promise<unknown[]> {
  const items: unknown[] = [];
  let next: string | undefined = path;
  while (next) {
    const response: ApiResponse = await call(emulator, 'GET', next, token ? { token } : {});
    if (response.status !== 200) throw new Error(`GET ${next}: ${response.status} ${response.text}`);
    items.push(...(response.body as unknown[]));
    next = links(response.headers.get('link')).next;
  }
  return items;
}
