import {
  parseTelemetryEntry,
  type TelemetryEntry,
  telemetryEntryOf,
} from '@codex-suite/core/ledger/telemetry-entry';
import type { PagesEntry } from '@codex-suite/core/pages/store';

/**
 * Which telemetry files on the pages branch may be pruned. Only a file the suite published is a
 * candidate, proven by its ledger entry (written when the file was published): the entry names
 * the file, the bytes (git blob sha) and the finish time the run recorded. A file without an
 * entry (a person's `telemetry/backup-1.json`, anything from before the ledger), a file whose
 * bytes changed since, and a file the listing gives no sha for are left alone and reported. Age
 * comes from the recorded finish time only, never from the file name or run-id order.
 */

const DAY_MS = 86_400_000;

export interface PruneInput {
  /** the listing of `telemetry/` */
  readonly files: readonly PagesEntry[];
  /** the listing of the telemetry ledger (`state/ledger/telemetry/`) */
  readonly entries: readonly PagesEntry[];
  /** known telemetry components, to group files by component */
  readonly components: readonly string[];
  readonly now: Date;
  readonly maxAgeDays: number;
}

export interface PrunePlan {
  /** telemetry files to delete */
  readonly prune: readonly string[];
  /** ledger entries to delete: those of pruned files, and old ones whose file is gone */
  readonly dropEntries: readonly string[];
  /** entries re-recorded at the time first seen, because they were dated in the future */
  readonly reRecord: readonly TelemetryEntry[];
  /** the newest proven file of each component (Actions runs and local runs apart), kept whatever its age */
  readonly keptLatest: readonly string[];
  /** `.json` files under `telemetry/` that the suite cannot prove it published: left alone, reported */
  readonly unproven: readonly { readonly path: string; readonly reason: string }[];
  /** proven files whose recorded finish time is in the future: they count as finished now */
  readonly futureDated: readonly string[];
}

interface Proven {
  readonly path: string;
  readonly entry: TelemetryEntry;
  /** finish time, clamped to now */
  readonly at: number;
  readonly group: string;
}

/** `<component>` and whether it is a local run, from a proven file's name; undefined when unknown. */
function groupOf(path: string, components: readonly string[]): string | undefined {
  const name = /^telemetry\/([^/]+)\.json$/.exec(path)?.[1];
  if (!name) return undefined;
  // Longest known component first (`telemetry-merge` before a hypothetical `telemetry`).
  const component = [...components].sort((a, b) => b.length - a.length).find((c) => name.startsWith(`${c}-`));
  if (!component) return undefined;
  return `${component}\u0000${name.slice(component.length + 1).startsWith('local-') ? 'local' : 'run'}`;
}

export function planPrune(input: PruneInput): PrunePlan {
  const now = input.now.getTime();
  const cutoff = now - input.maxAgeDays * DAY_MS;
  const entriesByFile = new Map<string, TelemetryEntry[]>();
  const dropEntries: string[] = [];
  for (const listed of input.entries) {
    const entry = parseTelemetryEntry(listed.path);
    if (!entry) continue;
    entriesByFile.set(entry.file, [...(entriesByFile.get(entry.file) ?? []), entry]);
  }
  const present = new Map(input.files.map((f) => [f.path, f.sha]));
  // An entry whose file is gone proves nothing; old ones are tidied away.
  for (const [file, entries] of entriesByFile) {
    if (present.has(file)) continue;
    for (const e of entries) if (Math.min(e.finishedMs, now) < cutoff) dropEntries.push(e.path);
  }

  const unproven: { path: string; reason: string }[] = [];
  const futureDated: string[] = [];
  const reRecord: TelemetryEntry[] = [];
  const proven: Proven[] = [];
  for (const file of input.files) {
    if (!/^telemetry\/[^/]+\.json$/.test(file.path)) continue;
    const entries = entriesByFile.get(file.path);
    if (!entries) {
      unproven.push({ path: file.path, reason: 'not published by the suite (no ledger entry)' });
      continue;
    }
    const entry = file.sha ? entries.find((e) => e.sha === file.sha) : undefined;
    if (!entry) {
      unproven.push({
        path: file.path,
        reason: file.sha ? 'changed since the suite published it' : 'its content cannot be identified',
      });
      continue;
    }
    const group = groupOf(file.path, input.components);
    if (!group) {
      unproven.push({ path: file.path, reason: 'not named like a telemetry file of a known component' });
      continue;
    }
    let at = entry.finishedMs;
    if (at > now) {
      futureDated.push(file.path);
      at = now;
      // Re-recorded at the time first seen: from then on it ages like any other file.
      reRecord.push(telemetryEntryOf(entry.file, entry.sha, now));
      dropEntries.push(entry.path);
    }
    proven.push({ path: file.path, entry, at, group });
  }

  const latest = new Map<string, Proven>();
  for (const p of proven) {
    const current = latest.get(p.group);
    if (!current || p.at > current.at || (p.at === current.at && p.path > current.path))
      latest.set(p.group, p);
  }
  const keep = new Set([...latest.values()].map((p) => p.path));
  const pruned = proven.filter((p) => !keep.has(p.path) && p.at < cutoff);
  for (const p of pruned) dropEntries.push(...entriesByFile.get(p.path)!.map((e) => e.path));
  return {
    prune: pruned.map((p) => p.path).sort(),
    dropEntries: [...new Set(dropEntries)].sort(),
    reRecord,
    keptLatest: [...keep].sort(),
    unproven,
    futureDated,
  };
}
