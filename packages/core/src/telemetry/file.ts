import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `<component>-<run key>.json`, the same name locally and under `telemetry/` on the pages branch. */
export function telemetryFileName(component: string, runKey: string): string {
  return `${component}-${runKey.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

export function telemetryBranchPath(component: string, runKey: string): string {
  return `telemetry/${telemetryFileName(component, runKey)}`;
}

export async function writeTelemetryFile(
  dir: string,
  component: string,
  runKey: string,
  record: unknown,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, telemetryFileName(component, runKey));
  await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}
