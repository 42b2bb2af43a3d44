import { createHash } from 'node:crypto';
import { LEDGER_DIR } from './dir.js';

/**
 * The suite's record of a telemetry file it published: `state/ledger/telemetry/<file>.<finished
 * ms>.<blob sha>.json`, written right after the file itself. The facts the cleaner needs sit in
 * the entry's name, so one tree listing dates and identifies every file without reading any:
 * the finish time the run recorded (never guessed from the file's name or run id), and the git
 * blob sha of the exact bytes published (a file someone rewrote is no longer the suite's).
 */
export const TELEMETRY_LEDGER_DIR = `${LEDGER_DIR}telemetry/`;

export interface TelemetryEntry {
  /** the entry's own path */
  readonly path: string;
  /** the telemetry file it vouches for, `telemetry/<name>.json` */
  readonly file: string;
  readonly finishedMs: number;
  /** git blob sha of the published bytes */
  readonly sha: string;
}

const ENTRY = /^state\/ledger\/telemetry\/([A-Za-z0-9._-]+)\.(\d{1,15})\.([0-9a-f]{40})\.json$/;

/** The git blob sha of a text, as `git hash-object` (and a tree listing) gives it. */
export function gitBlobSha(content: string | Buffer): string {
  // A string is hashed as it is: a Buffer copy of a file of megabytes would stay until collected.
  const length = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
  const hash = createHash('sha1').update(`blob ${length}\0`);
  return (typeof content === 'string' ? hash.update(content, 'utf8') : hash.update(content)).digest('hex');
}

/** The entry that records `file` (a `telemetry/<name>.json` path) with these bytes and finish time. */
export function telemetryEntry(file: string, content: string, finishedMs: number): TelemetryEntry {
  return telemetryEntryOf(file, gitBlobSha(content), finishedMs);
}

/** The entry for a file whose blob sha is known (re-recording an entry at another time). */
export function telemetryEntryOf(file: string, sha: string, finishedMs: number): TelemetryEntry {
  const name = /^telemetry\/([A-Za-z0-9._-]+)\.json$/.exec(file)?.[1];
  if (!name) throw new Error(`Not a telemetry path: ${JSON.stringify(file)}`);
  const ms = Math.max(0, Math.trunc(finishedMs));
  return { path: `${TELEMETRY_LEDGER_DIR}${name}.${ms}.${sha}.json`, file, finishedMs: ms, sha };
}

/** What the entry file says, for a person reading the branch; the cleaner reads only the name. */
export function telemetryEntryText(entry: TelemetryEntry): string {
  const record = {
    kind: 'telemetry',
    file: entry.file,
    finished_at: new Date(entry.finishedMs).toISOString(),
    blob_sha: entry.sha,
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Parses an entry path; anything else under the ledger gives undefined (and proves nothing). */
export function parseTelemetryEntry(path: string): TelemetryEntry | undefined {
  const match = ENTRY.exec(path);
  if (!match) return undefined;
  const finishedMs = Number(match[2]);
  if (!Number.isSafeInteger(finishedMs)) return undefined;
  return { path, file: `telemetry/${match[1]}.json`, finishedMs, sha: match[3]! };
}
