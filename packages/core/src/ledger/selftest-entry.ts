import { LEDGER_DIR } from './dir.js';

/**
 * The suite's record of a self-test issue it filed: `state/ledger/selftest/<number>.json`, written
 * with the self-test's telemetry (see entries.ts). It holds what the create response said (the
 * author login, the milestone number) so the cleaner can later prove the issue is still the one
 * the suite made.
 */
const SELFTEST_LEDGER_DIR = `${LEDGER_DIR}selftest/`;

export interface SelftestEntry {
  readonly kind: 'selftest-issue';
  readonly repository: string;
  readonly number: number;
  /** `user.login` of the create response: the identity that files self-test issues */
  readonly author: string;
  /** number of the milestone the issue was filed in */
  readonly milestone: number;
  /** the workflow run whose marker the body carries */
  readonly run_id: string;
  /** when the self-test run that filed it finished */
  readonly recorded_at: string;
  /**
   * Set by the cleaner the first time it saw the issue dated in the future: the issue counts as
   * created then, so it ages from that moment instead of holding a retention slot forever.
   */
  readonly clamped_at?: string;
}

/** Marker in the body that ties a self-test issue to its workflow run (all attempts share it). */
export function runMarker(runId: string): string {
  return `<!-- codex-selftest-run: ${runId} -->`;
}

export function selftestEntryPath(number: number): string {
  return `${SELFTEST_LEDGER_DIR}${number}.json`;
}

export function selftestEntryText(entry: SelftestEntry): string {
  return `${JSON.stringify(entry, null, 2)}\n`;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** A ledger entry's text, strictly: anything malformed or incomplete gives undefined (proves nothing). */
export function parseSelftestEntry(text: string | null): SelftestEntry | undefined {
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const e = (value ?? {}) as Record<string, unknown>;
  if (e.kind !== 'selftest-issue' || !isText(e.repository) || !isText(e.author) || !isText(e.run_id))
    return undefined;
  if (!isNumber(e.number) || !isNumber(e.milestone) || !isText(e.recorded_at)) return undefined;
  const clamped =
    isText(e.clamped_at) && Number.isFinite(Date.parse(e.clamped_at)) ? e.clamped_at : undefined;
  return {
    kind: 'selftest-issue',
    repository: e.repository,
    number: e.number,
    author: e.author,
    milestone: e.milestone,
    run_id: e.run_id,
    recorded_at: e.recorded_at,
    ...(clamped ? { clamped_at: clamped } : {}),
  };
}
