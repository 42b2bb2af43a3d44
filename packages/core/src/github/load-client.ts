/**
 * The GitHub client module, loaded on first use. Octokit and its plugins are most
 * of the library; loaded this way they bundle as a lazy chunk beside the shared chunk, so a run
 * that stops before its first request (no token) never evaluates them.
 */
export function loadGitHubClient(): Promise<typeof import('./client.js')> {
  return import('./client.js');
}
