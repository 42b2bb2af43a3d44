import { validateTelemetry } from '@codex-suite/core/telemetry/validate';

/** A telemetry record that passed its schema. */
export type TelemetryRecord = Record<string, unknown> & {
  component: string;
  status: string;
  run_id: string;
  started_at: string;
  finished_at: string;
};

export interface InvalidFile {
  readonly path: string;
  readonly reason: string;
}

/** `<component>-<run key>.json` split against the known components (names contain `-` too). */
export function parseTelemetryName(
  fileName: string,
  components: readonly string[],
): { component: string; key: string } | null {
  if (!fileName.endsWith('.json')) return null;
  const stem = fileName.slice(0, -'.json'.length);
  // Longest component first, so a component that prefixes another cannot steal its files.
  for (const component of [...components].sort((a, b) => b.length - a.length)) {
    if (stem.startsWith(`${component}-`) && stem.length > component.length + 1) {
      return { component, key: stem.slice(component.length + 1) };
    }
  }
  return null;
}

/**
 * Order of run keys by their numbers (`1000` after `999`, `1000-2` after `1000`; `local-<ms>`
 * by its number), not by text. Keys without a number sort before every numbered one.
 */
export function compareRunKeys(a: string, b: string): number {
  const na = keyNumbers(a);
  const nb = keyNumbers(b);
  if (!na || !nb) return na ? 1 : nb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  if (na.run !== nb.run) return na.run < nb.run ? -1 : 1;
  return na.attempt - nb.attempt;
}

function keyNumbers(key: string): { run: bigint; attempt: number } | null {
  const match = /^(?:local-)?(\d+)(?:-(\d+))?$/.exec(key);
  if (!match) return null;
  return { run: BigInt(match[1]!), attempt: match[2] ? Number(match[2]) : 1 };
}

/** Parses and validates one file's text; `expected` is the component its name says. */
export function parseTelemetry(
  text: string | null,
  expected?: string,
): { record: TelemetryRecord } | { reason: string } {
  if (text === null) return { reason: 'file could not be read' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { reason: `not JSON: ${(error as Error).message}` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { reason: 'not a JSON object' };
  const validation = validateTelemetry(data);
  if (!validation.valid) return { reason: `schema: ${validation.errors.slice(0, 3).join('; ')}` };
  const record = data as TelemetryRecord;
  if (expected && record.component !== expected) {
    return { reason: `component is ${JSON.stringify(record.component)}, the file name says ${expected}` };
  }
  return { record };
}

/** The time a record stands for: when it finished (else when it started), in ms. */
function recordTime(record: TelemetryRecord): number {
  const finished = Date.parse(record.finished_at);
  return Number.isNaN(finished) ? Date.parse(record.started_at) || 0 : finished;
}

/** Newer first: recorded time, then run id and attempt as numbers. */
export function compareRecordsNewestFirst(a: TelemetryRecord, b: TelemetryRecord): number {
  const byTime = recordTime(b) - recordTime(a);
  if (byTime !== 0) return byTime;
  const byStart = (Date.parse(b.started_at) || 0) - (Date.parse(a.started_at) || 0);
  if (byStart !== 0) return byStart;
  return compareRunKeys(runKeyOf(b), runKeyOf(a));
}

/** `<run_id>` or `<run_id>-<attempt>`, as the telemetry file name has it. */
export function runKeyOf(record: TelemetryRecord): string {
  const attempt = typeof record.run_attempt === 'number' ? record.run_attempt : 1;
  return attempt > 1 ? `${record.run_id}-${attempt}` : record.run_id;
}
