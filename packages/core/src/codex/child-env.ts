/**
 * The environment the Codex process gets: the runner's, minus everything that could carry a
 * credential — action inputs (INPUT_*), known token variables, and any variable whose value
 * contains one of the given secrets. Codex only needs PATH, HOME and the like.
 */
const CREDENTIAL_VARIABLES = new Set([
  'OPENAI_API_KEY',
  'CODEX_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GH_CI_PAT',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'CODEX_HOME',
]);

export function codexChildEnv(
  parent: NodeJS.ProcessEnv,
  secrets: readonly string[],
  extra: Readonly<Record<string, string>>,
): NodeJS.ProcessEnv {
  const real = secrets.filter((s) => s.length >= 4);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (name.startsWith('INPUT_') || CREDENTIAL_VARIABLES.has(name.toUpperCase())) continue;
    if (real.some((s) => value.includes(s))) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}
