/**
 * The environment the Codex process gets: an allow-list of what the CLI needs to start (locale,
 * paths, temp folders), never a copy of the action's. A step's `env:` may hold any secret
 * (NPM_TOKEN, cloud keys, deploy passwords), and whatever Codex's process holds a hostile prompt
 * can try to read; so nothing outside this list passes, and even a listed variable is dropped
 * when its value contains a known secret.
 */
export const CODEX_ENV_ALLOW_LIST: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  // Windows needs these to start a process at all.
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'TEMP',
  'TMP',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
];

const ALLOWED = new Set(CODEX_ENV_ALLOW_LIST);

export function codexChildEnv(
  parent: NodeJS.ProcessEnv,
  secrets: readonly string[],
  extra: Readonly<Record<string, string>>,
): NodeJS.ProcessEnv {
  const real = secrets.filter((s) => s.length >= 4);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || !ALLOWED.has(name.toUpperCase())) continue;
    if (real.some((s) => value.includes(s))) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}
