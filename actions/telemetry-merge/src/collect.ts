import { basename } from 'node:path';
import { type PagesEntry, type PagesReader, readFiles } from '@codex-suite/core/pages/store';
import { ledgerFilesFor } from '@codex-suite/core/ledger/entries';
import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import { telemetryBranchPath } from '@codex-suite/core/telemetry/file';
import type { LocalFile } from './local-source.js';
import {
  compareRecordsNewestFirst,
  compareRunKeys,
  type InvalidFile,
  parseTelemetry,
  parseTelemetryName,
  runKeyOf,
  type TelemetryRecord,
} from './telemetry-files.js';

export interface ChosenFile {
  readonly record: TelemetryRecord;
  /** where it came from: the pages-branch path, or `<source>/<relative path>` for a local file */
  readonly file: string;
  readonly origin: 'branch' | 'local';
  /** a local file's text (the record is parsed from it), to parse it again once it was let go */
  readonly text?: string;
}

export interface Collected {
  /** component → its latest valid record, or null */
  readonly latest: Map<string, ChosenFile | null>;
  readonly invalid: InvalidFile[];
  /** valid local files to publish: pages-branch path → text */
  readonly localToPublish: Record<string, string>;
  /** the ledger entries of those files (state/ledger/telemetry/), so the cleaner may prune them later */
  readonly ledgerToPublish: Record<string, string>;
  /** telemetry files read from the branch */
  readonly branchReads: number;
}

/**
 * Finds the latest valid telemetry record of each component, reading as little as possible:
 * the branch listing (one request), then per component the `depth` newest files by run id
 * (numbers, not text order), and more only while none of those is valid. Among the valid ones
 * (and the local source's) the newest by its recorded time wins.
 *
 * Two shortcuts keep an ordinary run nearly free of reads: a component with a valid file in the
 * local source (this run's artifacts) needs no branch file, and a branch file that the previous
 * dashboard already shows (`known`) is reused from it — only files newer than it are read.
 */
export async function collectLatest(options: {
  store: PagesReader;
  components: readonly string[];
  depth: number;
  localFiles: readonly LocalFile[];
  localLabel: string;
  known?: ReadonlyMap<string, { file: string; record: Record<string, unknown> }>;
}): Promise<Collected> {
  const { store, components, depth } = options;
  const invalid: InvalidFile[] = [];
  const valid = new Map<string, ChosenFile[]>(components.map((c) => [c, []]));
  const localToPublish: Record<string, string> = {};
  const ledgerToPublish: Record<string, string> = {};

  // Local files: all of them (no requests), validated; their component comes from the record.
  for (const file of options.localFiles) {
    const named = parseTelemetryName(basename(file.path), components);
    const parsed = parseTelemetry(file.text);
    const label = `${options.localLabel}/${file.path}`;
    if ('reason' in parsed) {
      invalid.push({ path: label, reason: parsed.reason });
      continue;
    }
    const { record } = parsed;
    if (named && named.component !== record.component) {
      invalid.push({
        path: label,
        reason: `component is ${record.component}, the file name says ${named.component}`,
      });
      continue;
    }
    const branchPath = telemetryBranchPath(record.component, runKeyOf(record));
    localToPublish[branchPath] = file.text!;
    Object.assign(ledgerToPublish, ledgerFilesFor(branchPath, file.text!, record));
    valid.get(record.component)?.push({ record, file: branchPath, origin: 'local', text: file.text! });
  }

  // Branch files, grouped by component, newest run key first.
  const listing = await store.list('telemetry/');
  const queues = new Map<string, PagesEntry[]>(components.map((c) => [c, []]));
  for (const entry of listing) {
    const named = parseTelemetryName(entry.path.slice('telemetry/'.length), components);
    if (named && !entry.path.slice('telemetry/'.length).includes('/'))
      queues.get(named.component)!.push(entry);
  }
  const keyOf = (p: string) => parseTelemetryName(p.slice('telemetry/'.length), components)!.key;
  for (const queue of queues.values()) queue.sort((a, b) => compareRunKeys(keyOf(b.path), keyOf(a.path)));
  for (const [component, queue] of queues) {
    if (valid.get(component)!.length > 0) {
      queue.length = 0; // this run's own file is at hand
      continue;
    }
    const known = options.known?.get(component);
    if (!known || !queue.some((e) => e.path === known.file)) continue;
    const knownKey = keyOf(known.file);
    const newer = queue.filter((e) => compareRunKeys(keyOf(e.path), knownKey) > 0);
    valid
      .get(component)!
      .push({ record: known.record as TelemetryRecord, file: known.file, origin: 'branch' });
    // Older files lost to the known one before; only newer ones can change the choice.
    queue.splice(0, queue.length, ...newer);
  }

  const alreadyLocal = new Set(Object.keys(localToPublish));
  let branchReads = 0;
  let round = 0;
  for (;;) {
    // A component needs (more) branch files in the first round, and later only while it has no valid one.
    const batch: PagesEntry[] = [];
    for (const [component, queue] of queues) {
      if (round > 0 && valid.get(component)!.length > 0) continue;
      for (const entry of queue.splice(0, depth)) if (!alreadyLocal.has(entry.path)) batch.push(entry);
    }
    if (batch.length === 0) break;
    const texts = await readFiles(store, batch);
    branchReads += batch.length;
    for (const entry of batch) {
      const expected = parseTelemetryName(entry.path.slice('telemetry/'.length), components)!.component;
      const parsed = parseTelemetry(texts.get(entry.path) ?? null, expected);
      if ('reason' in parsed) invalid.push({ path: entry.path, reason: parsed.reason });
      else valid.get(expected)!.push({ record: parsed.record, file: entry.path, origin: 'branch' });
    }
    round += 1;
  }

  const latest = new Map<string, ChosenFile | null>();
  for (const component of components) {
    const candidates = valid.get(component)!;
    candidates.sort((a, b) => compareRecordsNewestFirst(a.record, b.record));
    latest.set(component, candidates[0] ?? null);
  }
  return { latest, invalid, localToPublish, ledgerToPublish, branchReads };
}

/** The fields of a record the run reads once the dashboard is built: status, times, run id and attempt. */
const SLIM_FIELDS = ['component', 'status', 'run_id', 'run_attempt', 'started_at', 'finished_at'] as const;

type Latest = Record<DashboardKey, ChosenFile | null>;

/** `latest` with each record that came from a local file replaced by `record(c, text)` */
function mapLocal(
  latest: Readonly<Latest>,
  record: (c: ChosenFile, text: string) => TelemetryRecord,
): Latest {
  return Object.fromEntries(
    DASHBOARD_KEYS.map((k) => {
      const c = latest[k];
      return [k, c && c.text !== undefined ? { ...c, record: record(c, c.text) } : c];
    }),
  ) as Latest;
}

/**
 * Each record that came from a local file reduced to `SLIM_FIELDS` (its file's text is kept, to
 * parse it again should the dashboard be rebuilt); a record from the branch is kept whole.
 */
export function slimLatest(latest: Readonly<Latest>): Latest {
  return mapLocal(
    latest,
    (c) =>
      Object.fromEntries(
        SLIM_FIELDS.filter((f) => f in c.record).map((f) => [f, c.record[f]]),
      ) as TelemetryRecord,
  );
}

/** The records `slimLatest` reduced, parsed again from their files' texts. */
export function reparsed(latest: Readonly<Latest>): Latest {
  return mapLocal(latest, (c, text) => {
    const parsed = parseTelemetry(text);
    if ('reason' in parsed) throw new Error(`${c.file} no longer parses: ${parsed.reason}`);
    return parsed.record;
  });
}
