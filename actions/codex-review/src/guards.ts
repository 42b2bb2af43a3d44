/**
 * Which pull request to review, and whether to review it at all. Pure: the event payload and
 * settings in, a decision out.
 */
export interface PullRequestInfo {
  readonly number: number;
  readonly title: string;
  /** `owner/name` of the head repository; null when the fork was deleted */
  readonly headRepo: string | null;
  readonly baseRepo: string;
  readonly headSha: string | null;
}

export type GuardDecision =
  | { readonly run: true; readonly pullRequest: PullRequestInfo }
  | {
      readonly run: false;
      readonly reason: 'not_a_pull_request' | 'fork' | 'missing_key';
      readonly pullRequest: PullRequestInfo | null;
      readonly message: string;
    };

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** Reads a pull request (from an event payload or the REST API: same shape). */
export function pullRequestInfo(value: unknown, fallbackRepo: string): PullRequestInfo | null {
  const pr = obj(value);
  const number = pr?.number;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) return null;
  const head = obj(pr?.head);
  const base = obj(pr?.base);
  const headRepo = obj(head?.repo)?.full_name;
  const baseRepo = obj(base?.repo)?.full_name;
  return {
    number,
    title: typeof pr?.title === 'string' ? pr.title : '',
    // A head without a repo is a fork that was deleted: treat it as foreign.
    headRepo: typeof headRepo === 'string' ? headRepo : head ? null : fallbackRepo,
    baseRepo: typeof baseRepo === 'string' ? baseRepo : fallbackRepo,
    headSha: typeof head?.sha === 'string' ? head.sha : null,
  };
}

export function isFork(pr: PullRequestInfo, repository: string): boolean {
  const base = pr.baseRepo || repository;
  return pr.headRepo === null || pr.headRepo.toLowerCase() !== base.toLowerCase();
}

export function decideGuard(input: {
  readonly pullRequest: PullRequestInfo | null;
  readonly repository: string;
  readonly hasKey: boolean;
}): GuardDecision {
  const { pullRequest, repository, hasKey } = input;
  if (!pullRequest) {
    return {
      run: false,
      reason: 'not_a_pull_request',
      pullRequest: null,
      message:
        'No pull request to review: the event is not a pull request and the input "pull-request" is not set.',
    };
  }
  if (isFork(pullRequest, repository)) {
    return {
      run: false,
      reason: 'fork',
      pullRequest,
      message: `Pull request #${pullRequest.number} comes from a fork (${pullRequest.headRepo ?? 'deleted repository'}): secrets are not available to it, so the Codex review is skipped.`,
    };
  }
  if (!hasKey) {
    return {
      run: false,
      reason: 'missing_key',
      pullRequest,
      message:
        'No OpenAI API key: set the repository secret OPENAI_API_KEY and pass it as `openai-api-key: ${{ secrets.OPENAI_API_KEY }}`. The Codex review is skipped.',
    };
  }
  return { run: true, pullRequest };
}
