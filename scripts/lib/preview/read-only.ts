import { writeOf } from '@codex-suite/core/github/read-only';

/**
 * The transport of a preview: it lets reads through and answers every write with a 403 of its
 * own, so nothing a stage does — not even a bug that went around the write guard — can change
 * the repository. GraphQL reads are POSTs: a GraphQL request passes only when its document has no
 * mutation in it (the same rule as a stage's read client: a doubtful one is refused).
 */
export function readOnlyFetch(inner: typeof fetch, refused: string[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (writeOf(method, url.href, init?.body) === undefined) return inner(input, init);
    const request = `${method} ${url.pathname}`;
    refused.push(request);
    return new Response(
      JSON.stringify({ message: `Codex preview never writes to GitHub; refused ${request}.`, status: '403' }),
      { status: 403, headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
  };
}
