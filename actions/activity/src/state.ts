import type { PagesReader } from '@codex-suite/core/pages/store';
import type { NotifiedEscalations } from './marking.js';

/** Where the stage remembers the escalation comments it made (pages branch). */
export const ACTIVITY_STATE_PATH = 'state/activity.json';

export interface ActivityState {
  readonly version: 1;
  /** issue number → the period of inactivity (`since`) the comment was made for */
  readonly escalation_comments: NotifiedEscalations;
}

export function emptyActivityState(): ActivityState {
  return { version: 1, escalation_comments: {} };
}

/** Reads the state; an absent or unreadable file is an empty state (the comment marker still prevents repeats). */
export function parseActivityState(text: string | null): ActivityState {
  if (!text) return emptyActivityState();
  try {
    const data = JSON.parse(text) as Partial<ActivityState>;
    const comments: Record<string, { since: string; commented_at: string }> = {};
    const raw = data?.escalation_comments;
    if (raw && typeof raw === 'object') {
      for (const [number, entry] of Object.entries(raw)) {
        if (entry && typeof entry.since === 'string') {
          comments[number] = {
            since: entry.since,
            commented_at: typeof entry.commented_at === 'string' ? entry.commented_at : '',
          };
        }
      }
    }
    return { version: 1, escalation_comments: comments };
  } catch {
    return emptyActivityState();
  }
}

export async function readActivityState(pages: PagesReader): Promise<ActivityState> {
  return parseActivityState(await pages.read(ACTIVITY_STATE_PATH));
}

export function serializeActivityState(state: ActivityState): string {
  const sorted = Object.fromEntries(
    Object.entries(state.escalation_comments).sort(([a], [b]) => Number(a) - Number(b)),
  );
  return `${JSON.stringify({ version: 1, escalation_comments: sorted }, null, 2)}\n`;
}

export function sameActivityState(a: ActivityState, b: ActivityState): boolean {
  return serializeActivityState(a) === serializeActivityState(b);
}
