import {
  actorRules,
  ignoreListChanged,
  isHumanActor,
  parseActorList,
} from '@codex-suite/core/activity/actors';
import { attributionCandidates, needsCloserLook } from '@codex-suite/core/activity/attribution';
import { explainsUpdate, foldTimeline, humanEdit } from '@codex-suite/core/activity/timeline';
import type { IndexedIssue } from '@codex-suite/core/issues/issue-index';
import { describe, expect, it } from 'vitest';

const RULES = actorRules('codex-bot', ['Release-Robot']);
const NOW = new Date('2025-03-01T00:00:00.000Z');
const T = { staleDays: 14, escalationDays: 30 };

function issue(overrides: Partial<IndexedIssue> = {}): IndexedIssue {
  return {
    number: 1,
    id: 11,
    node_id: 'I_1',
    title: 't',
    state: 'open',
    labels: [],
    milestone: null,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-02-28T00:00:00.000Z',
    assignees: [],
    html_url: '',
    is_pull_request: false,
    human_activity_at: '2025-02-28T00:00:00.000Z',
    ...overrides,
  };
}

describe('who counts', () => {
  it('people count; bots, the suite and listed machine users do not', () => {
    expect(isHumanActor({ login: 'alice', type: 'User' }, RULES)).toBe(true);
    expect(isHumanActor({ login: 'dependabot[bot]', type: 'Bot' }, RULES)).toBe(false);
    expect(isHumanActor({ login: 'renovate[bot]', type: 'User' }, RULES)).toBe(false);
    expect(isHumanActor({ login: 'some-app', type: 'Bot' }, RULES)).toBe(false);
    expect(isHumanActor({ login: 'dependabot', __typename: 'Bot' }, RULES)).toBe(false);
    expect(isHumanActor({ login: 'Codex-Bot', type: 'User' }, RULES)).toBe(false);
    expect(isHumanActor({ login: 'release-robot', type: 'User' }, RULES)).toBe(false);
    expect(isHumanActor(null, RULES)).toBe(false);
    expect(isHumanActor({ login: '' }, RULES)).toBe(false);
  });

  it('reads the setting as a comma-separated list and notices when it changes', () => {
    expect(parseActorList(' a, @b ,,c ')).toEqual(['a', 'b', 'c']);
    const key = JSON.stringify(['codex-bot', ['release-robot']]);
    expect(ignoreListChanged(key, ['Release-Robot'])).toBe(false);
    expect(ignoreListChanged(key, [])).toBe(true);
    expect(ignoreListChanged(undefined, ['x'])).toBe(false);
  });
});

describe('the timeline fold', () => {
  const alice = { login: 'alice', type: 'User' };
  const bot = { login: 'dependabot[bot]', type: 'Bot' };
  it('takes the latest counted event by a person after the cutoff and notes edited comments', () => {
    const fold = foldTimeline(
      [
        {
          event: 'commented',
          user: alice,
          actor: alice,
          created_at: '2025-01-10T00:00:00Z',
          updated_at: '2025-01-10T00:00:00Z',
          node_id: 'IC_1',
        },
        { event: 'labeled', actor: alice, created_at: '2025-01-12T00:00:00Z' },
        { event: 'subscribed', actor: alice, created_at: '2025-02-01T00:00:00Z' },
        {
          event: 'commented',
          user: bot,
          actor: bot,
          created_at: '2025-02-10T00:00:00Z',
          updated_at: '2025-02-20T00:00:00Z',
          node_id: 'IC_2',
        },
        {
          event: 'cross-referenced',
          actor: { login: 'bob', type: 'User' },
          created_at: '2025-01-11T00:00:00Z',
        },
        { event: 'renamed', actor: bot, created_at: 'not a time' },
        null as never,
      ],
      Date.parse('2025-01-05T00:00:00Z'),
      RULES,
    );
    expect(fold.human).toEqual({ at: '2025-01-12T00:00:00.000Z', by: 'alice' });
    expect(fold.edited).toEqual(['IC_2']);
    expect(fold.latestMs).toBe(Date.parse('2025-02-20T00:00:00Z'));
    // everything before the cutoff was counted by an earlier read
    expect(
      foldTimeline(
        [{ event: 'labeled', actor: alice, created_at: '2025-01-12T00:00:00Z' }],
        Date.parse('2025-01-20T00:00:00Z'),
        RULES,
      ).human,
    ).toBeUndefined();
  });

  it('an edit counts when its editor is a person and it came after the cutoff', () => {
    const after = Date.parse('2025-01-05T00:00:00Z');
    expect(
      humanEdit(
        { lastEditedAt: '2025-02-01T00:00:00Z', editor: { login: 'carol', __typename: 'User' } },
        after,
        RULES,
      ),
    ).toEqual({ at: '2025-02-01T00:00:00.000Z', by: 'carol' });
    expect(
      humanEdit(
        { lastEditedAt: '2025-02-01T00:00:00Z', editor: { login: 'renovate', __typename: 'Bot' } },
        after,
        RULES,
      ),
    ).toBeUndefined();
    expect(
      humanEdit(
        { lastEditedAt: '2025-01-01T00:00:00Z', editor: { login: 'carol', __typename: 'User' } },
        after,
        RULES,
      ),
    ).toBeUndefined();
    expect(humanEdit({ lastEditedAt: null, editor: null }, after, RULES)).toBeUndefined();
  });

  it('a move of updated_at is explained only by something seen within seconds of it', () => {
    const at = Date.parse('2025-02-01T00:00:00Z');
    expect(explainsUpdate(at, [at - 2_000])).toBe(true);
    expect(explainsUpdate(at, [at - 60_000, Number.NaN])).toBe(false);
  });
});

describe('which issues are worth a read', () => {
  it('only those whose status differs between updated_at and the last known human activity', () => {
    expect(needsCloserLook(issue(), T, NOW)).toBe(true); // opened 59 days ago, bumped yesterday
    expect(needsCloserLook(issue({ created_at: '2025-02-20T00:00:00.000Z' }), T, NOW)).toBe(false);
    expect(needsCloserLook(issue({ updated_at: '2025-01-10T00:00:00.000Z' }), T, NOW)).toBe(false);
    const covered = issue({
      attribution: {
        human_at: '2025-01-02T00:00:00.000Z',
        human_by: 'a',
        through: '2025-02-28T00:00:00.000Z',
        items: 2,
      },
    });
    expect(needsCloserLook(covered, T, NOW)).toBe(false);
  });

  it('reads issues read before first (incremental), then the longest idle', () => {
    const known = issue({
      number: 3,
      attribution: {
        human_at: '2025-01-20T00:00:00.000Z',
        human_by: 'a',
        through: '2025-02-01T00:00:00.000Z',
        items: 2,
      },
    });
    const older = issue({ number: 2, created_at: '2024-12-01T00:00:00.000Z' });
    const fresh = issue({ number: 1 });
    expect(attributionCandidates([fresh, older, known], () => T, NOW).map((i) => i.number)).toEqual([
      3, 2, 1,
    ]);
  });
});
