import { basename } from 'node:path';
import { type PagesEntry, type PagesReader, readFiles } from '@codex-suite/core/pages/store';
import { ledgerFilesFor } from '@codex-suite/core/ledger/entries';
import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import { telemetryBranchPath } from '@codex-suite/core/telemetry/file';
import type { ShownRecord } from './dashboard.js';
import { objectEntries } from './json-entries.js';
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
  /** the record's JSON text: a local file's, or the record's in the branch's dashboard.json */
  readonly text?: string;
  /** `record` holds only the record's `SLIM_FIELDS`; `wholeLatest` parses it whole from `text` */
  readonly slim?: boolean;
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
  known?: ReadonlyMap<string, ShownRecord>;
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
    valid.get(component)!.push(shownChoice(known));
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

/** The `SLIM_FIELDS` of the record whose JSON text this is, parsed without the rest of it. */
export function slimRecordOf(text: string): Record<string, unknown> {
  const entries = objectEntries(text);
  const record: Record<string, unknown> = {};
  for (const field of SLIM_FIELDS) {
    const range = entries?.get(field);
    if (range) record[field] = JSON.parse(text.slice(range.start, range.end));
  }
  return record;
}

/** A record the branch's dashboard.json shows, as a choice of `collectLatest` or `dashboardOnto`. */
export function shownChoice(shown: ShownRecord): ChosenFile {
  return {
    record: shown.record as TelemetryRecord,
    file: shown.file,
    origin: 'branch',
    ...(shown.text === undefined ? {} : { text: shown.text, slim: true }),
  };
}

type Latest = Record<DashboardKey, ChosenFile | null>;

/** `latest` with each record that `replace`s answers for replaced by its answer */
function mapRecords(latest: Readonly<Latest>, replace: (c: ChosenFile) => ChosenFile): Latest {
  return Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, latest[k] && replace(latest[k])])) as Latest;
}

/**
 * Each record that has its JSON text at hand (a local file's) reduced to `SLIM_FIELDS`, the text
 * kept to parse it whole again should the dashboard be rebuilt.
 */
export function slimLatest(latest: Readonly<Latest>): Latest {
  return mapRecords(latest, (c) =>
    c.text === undefined || c.slim
      ? c
      : {
          ...c,
          record: Object.fromEntries(
            SLIM_FIELDS.filter((f) => f in c.record).map((f) => [f, c.record[f]]),
          ) as TelemetryRecord,
          slim: true,
        },
  );
}

/** The records that are slim parsed whole from their texts. */
export function wholeLatest(latest: Readonly<Latest>): Latest {
  return mapRecords(latest, wholeChoice);
}

/** A slim record parsed whole from its text. */
export function wholeChoice(c: ChosenFile): ChosenFile {
  if (!c.slim || c.text === undefined) return c;
  const { slim: _slim, ...rest } = c;
  return { ...rest, record: JSON.parse(c.text) as TelemetryRecord };
}
