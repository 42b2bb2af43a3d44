import type { IndexedIssue } from '@codex-suite/core/issues/issue-index';

export const DAY = 86_400_000;
export const NOW = new Date('2025-06-15T12:00:00.000Z');

/** ISO time `days` days (and optionally ms) before NOW. */
export function ago(days: number, ms = 0): string {
  return new Date(NOW.getTime() - days * DAY - ms).toISOString();
}

/** An open, well-formed main-track issue of the index, last touched by a person `days` ago. */
export function indexed(
  number: number,
  overrides: Partial<IndexedIssue> & { days?: number } = {},
): IndexedIssue {
  const { days = 0, ...rest } = overrides;
  const at = ago(days);
  return {
    number,
    id: 1000 + number,
    node_id: `I_${number}`,
    title: `Issue ${number}`,
    state: 'open',
    labels: ['codex', 'codex-trackmain'],
    milestone: null,
    created_at: ago(400),
    updated_at: at,
    assignees: [],
    html_url: `https://github.com/octo-org/widgets/issues/${number}`,
    is_pull_request: false,
    human_activity_at: at,
    ...rest,
  };
}
