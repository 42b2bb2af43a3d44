/**
 * Which telemetry files on the pages branch are old enough to prune, found with few requests.
 *
 * Age of a file: the `finished_at` inside it. Reading every file would cost one request per file,
 * so the cleaner reads only O(log n) of them: run ids (`GITHUB_RUN_ID`) are allocated in
 * increasing order, so sorting `telemetry/<component>-<run id>[-<attempt>].json` by run id sorts
 * the files by time, and a binary search over that order finds the boundary between old and young
 * files (about 9 reads for 500 files). Files of local runs (`local-<epoch ms>`) carry their time in
 * the name and cost nothing. A file whose time cannot be read counts as young: missing
 * information never makes the cleaner delete more.
 */

export interface TelemetryFile {
  readonly path: string;
  readonly component: string;
  /** numeric run id and attempt, for files of Actions runs */
  readonly run?: { readonly id: number; readonly attempt: number };
  /** epoch ms from a `local-<ms>` run key */
  readonly localTime?: number;
}

const RUN_KEY = /^(\d+)(?:-(\d+))?$/;
const LOCAL_KEY = /^local-(\d+)(?:-(\d+))?$/;

/**
 * Parses `telemetry/<component>-<run key>.json`. Anything else — sub-folders, other names, other
 * extensions, and everything outside `telemetry/` (`dashboard/`, `state/`) — gives undefined and
 * is never pruned.
 */
export function parseTelemetryPath(path: string, components: readonly string[]): TelemetryFile | undefined {
  const match = /^telemetry\/([^/]+)\.json$/.exec(path);
  if (!match) return undefined;
  const name = match[1]!;
  // Longest known component first (`telemetry-merge` before a hypothetical `telemetry`).
  const known = [...components].sort((a, b) => b.length - a.length).find((c) => name.startsWith(`${c}-`));
  const candidates = known
    ? [[known, name.slice(known.length + 1)] as const]
    : [...name.matchAll(/-/g)].map((m) => [name.slice(0, m.index), name.slice(m.index! + 1)] as const);
  for (const [component, key] of candidates) {
    if (component === '') continue;
    const run = RUN_KEY.exec(key);
    if (run) return { path, component, run: { id: Number(run[1]), attempt: Number(run[2] ?? 1) } };
    const local = LOCAL_KEY.exec(key);
    if (local) return { path, component, localTime: Number(local[1]) };
  }
  return undefined;
}

function byRun(a: TelemetryFile, b: TelemetryFile): number {
  return a.run!.id - b.run!.id || a.run!.attempt - b.run!.attempt;
}

/**
 * The number of leading files (in run order) older than the cutoff, by binary search. `timeOf`
 * gives a file's finished time in ms, or null when unknown (then it counts as young).
 */
export async function countOldPrefix(
  ordered: readonly TelemetryFile[],
  cutoffMs: number,
  timeOf: (file: TelemetryFile) => Promise<number | null>,
): Promise<number> {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const time = await timeOf(ordered[mid]!);
    if (time !== null && time < cutoffMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PruneSelection {
  /** paths to delete */
  readonly prune: readonly string[];
  /** the latest file of each component, kept whatever its age */
  readonly keptLatest: readonly string[];
  /** telemetry/ entries whose name is not `<component>-<run key>.json` (left alone) */
  readonly unrecognized: readonly string[];
}

/**
 * Pure: from the branch's file list and the set of files known to be old, the files to prune.
 * Only `telemetry/<component>-<run key>.json`; never the latest file of a component.
 */
export function selectPrune(
  paths: readonly string[],
  components: readonly string[],
  isOld: (file: TelemetryFile) => boolean,
): PruneSelection {
  const files: TelemetryFile[] = [];
  const unrecognized: string[] = [];
  for (const path of paths) {
    if (!path.startsWith('telemetry/')) continue;
    const file = parseTelemetryPath(path, components);
    if (file) files.push(file);
    else unrecognized.push(path);
  }
  // The latest of each component: the highest run id, and (conservatively) also the newest
  // local-run file, since the two kinds of key cannot be ordered against each other.
  const latest = new Map<string, TelemetryFile>();
  for (const file of files) {
    const group = `${file.component}\u0000${file.run ? 'run' : 'local'}`;
    const current = latest.get(group);
    const newer = !current
      ? true
      : file.run
        ? byRun(file, current) > 0
        : (file.localTime ?? 0) > (current.localTime ?? 0);
    if (newer) latest.set(group, file);
  }
  const keep = new Set([...latest.values()].map((f) => f.path));
  const prune = files
    .filter((f) => !keep.has(f.path) && isOld(f))
    .map((f) => f.path)
    .sort();
  return { prune, keptLatest: [...keep].sort(), unrecognized };
}

/** Files of Actions runs in run order (oldest first). */
export function inRunOrder(paths: readonly string[], components: readonly string[]): TelemetryFile[] {
  return paths
    .map((p) => parseTelemetryPath(p, components))
    .filter((f): f is TelemetryFile => f?.run !== undefined)
    .sort(byRun);
}

/** `finished_at` (or `started_at`) of a telemetry file's text, in ms; null when absent or unreadable. */
export function finishedAtOf(text: string | null): number | null {
  if (text === null) return null;
  try {
    const record = JSON.parse(text) as { finished_at?: unknown; started_at?: unknown };
    const value = typeof record.finished_at === 'string' ? record.finished_at : record.started_at;
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}
