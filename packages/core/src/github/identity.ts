import type { ReadOnlyGitHub } from './read-only.js';
import { httpStatusOf, messageOf, rethrowIfRateLimited } from './errors.js';

/**
 * Who the token acts as, so a stage can tell what it made from what merely looks like it. Asked
 * of GitHub, never guessed from the token's text:
 * - a user token (classic or fine-grained PAT) answers `GET /user` with its login;
 * - an installation token (the workflow's GITHUB_TOKEN, a GitHub App's token) gets 403 there
 *   ("Resource not accessible by integration"); GraphQL `viewer` then names the App's bot
 *   (`github-actions[bot]` for GITHUB_TOKEN, `<app-slug>[bot]` for an App).
 */
export interface TokenIdentity {
  readonly login: string;
  readonly kind: 'user' | 'bot';
}

export type IdentityResult =
  | { readonly known: true; readonly identity: TokenIdentity }
  | { readonly known: false; readonly reason: string };

export async function resolveTokenIdentity(github: ReadOnlyGitHub): Promise<IdentityResult> {
  try {
    const { data } = await github.rest.users.getAuthenticated();
    if (typeof data.login === 'string' && data.login)
      return { known: true, identity: { login: data.login, kind: data.type === 'Bot' ? 'bot' : 'user' } };
  } catch (error) {
    rethrowIfRateLimited(error);
    if (httpStatusOf(error) !== 403) return { known: false, reason: `GET /user: ${messageOf(error)}` };
  }
  try {
    const answer = await github.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
    const login = answer.viewer?.login;
    if (typeof login === 'string' && login)
      return { known: true, identity: { login, kind: login.endsWith('[bot]') ? 'bot' : 'user' } };
    return { known: false, reason: 'GraphQL viewer answered without a login' };
  } catch (error) {
    rethrowIfRateLimited(error);
    return { known: false, reason: `GraphQL viewer: ${messageOf(error)}` };
  }
}

/** Logins compare as GitHub compares them: case-insensitively. */
export function isAuthoredBy(
  author: { login?: string | null } | null | undefined,
  identity: TokenIdentity,
): boolean {
  return typeof author?.login === 'string' && author.login.toLowerCase() === identity.login.toLowerCase();
}
