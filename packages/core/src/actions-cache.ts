/**
 * @actions/cache, loaded on first use. Its Azure SDK outweighs the rest of the suite, and only a
 * stage that caches needs it; kept in the library, it bundles as a lazy chunk of the shared chunk
 * and reuses the HTTP stack (@actions/http-client, undici) already there.
 */
export function loadActionsCache(): Promise<typeof import('@actions/cache')> {
  return import('@actions/cache');
}
