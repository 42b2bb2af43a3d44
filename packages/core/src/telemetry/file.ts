import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordText } from './record-text.js';

/** The state a stage's main step saves once its telemetry file is written; its post step reads it. */
export const TELEMETRY_FILE_STATE = 'telemetry-file';

/** `<component>-<run key>.json`, the same name locally and under `telemetry/` on the pages branch. */
export function telemetryFileName(component: string, runKey: string): string {
  return `${component}-${runKey.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

export function telemetryBranchPath(component: string, runKey: string): string {
  return `telemetry/${telemetryFileName(component, runKey)}`;
}

/**
 * Writes the record under its telemetry file name atomically: a temporary file beside it, then a
 * rename over it. A process killed meanwhile leaves the file as it was (the stand-in record a
 * stage writes ahead), never half a record.
 */
export async function writeTelemetryFile(
  dir: string,
  component: string,
  runKey: string,
  record: unknown,
): Promise<string> {
  return writeTelemetryText(dir, component, runKey, [recordText(record)]);
}

/**
 * Writes a record's text given in pieces (`recordPieces`), one after the other, atomically like
 * `writeTelemetryFile`: the text is never joined into one more string, and a piece of several MB
 * (the list of an activity record) is encoded a slice at a time, not into one Buffer of its size.
 */
export async function writeTelemetryText(
  dir: string,
  component: string,
  runKey: string,
  pieces: Iterable<string>,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, telemetryFileName(component, runKey));
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, slices(pieces));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}

/** characters of a piece encoded and written at a time */
const SLICE_CHARS = 64 * 1024;

/** The pieces in slices of at most `SLICE_CHARS` characters; a surrogate pair is never split. */
export function* slices(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) {
    for (let start = 0; start < piece.length; ) {
      let end = Math.min(start + SLICE_CHARS, piece.length);
      const code = piece.charCodeAt(end - 1);
      if (end < piece.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
      yield piece.slice(start, end);
      start = end;
    }
  }
}
