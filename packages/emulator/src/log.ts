/** One entry per request the emulator answered (or dropped). */
export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path and query as requested. */
  path: string;
  /** Route template, e.g. 'PATCH /repos/{owner}/{repo}/issues/{issue_number}'; undefined when no route matched. */
  route: string | undefined;
  /** Status sent; 0 when the socket was reset. */
  status: number;
  /** Whether the request spent primary rate limit. */
  counted: boolean;
  /** Whether it was a content-creating request (POST/PATCH/PUT/DELETE, GraphQL mutation). */
  write: boolean;
  /** Short hash of the token, never the token. */
  token?: string;
  /** Id of the injected fault that answered it, if any. */
  fault?: string;
  at: string;
}
