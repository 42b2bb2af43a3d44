import { spawnSync } from 'node:child_process';

export interface FoundToken {
  readonly token: string;
  /** where it came from, for the log (never the token itself) */
  readonly source: string;
}

/**
 * The maintainer's token: `GH_TOKEN`, then `GITHUB_TOKEN` (the names gh itself reads), then what
 * `gh auth token` prints for the API's host when gh is installed and logged in.
 */
export function findToken(
  env: NodeJS.ProcessEnv,
  apiUrl: string,
  ghAuthToken: (host: string) => string | undefined = runGhAuthToken,
): FoundToken | undefined {
  for (const name of ['GH_TOKEN', 'GITHUB_TOKEN']) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: `the environment variable ${name}` };
  }
  const host = webHost(apiUrl);
  const fromGh = ghAuthToken(host)?.trim();
  return fromGh ? { token: fromGh, source: `gh auth token (${host})` } : undefined;
}

/** The web host of an API URL: api.github.com → github.com, https://ghe.example/api/v3 → ghe.example. */
export function webHost(apiUrl: string): string {
  const host = new URL(apiUrl).host;
  return host === 'api.github.com' ? 'github.com' : host;
}

/** The web address beside an API URL (links in issues and the dashboard). */
export function serverUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.host === 'api.github.com') return 'https://github.com';
  const base = url.href.replace(/\/+$/, '');
  return base.endsWith('/api/v3') ? base.slice(0, -'/api/v3'.length) : base;
}

function runGhAuthToken(host: string): string | undefined {
  const result = spawnSync('gh', ['auth', 'token', '--hostname', host], {
    encoding: 'utf8',
    timeout: 10_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return result.status === 0 ? result.stdout : undefined;
}
