import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface LocalFile {
  /** path relative to the source folder, with `/` */
  readonly path: string;
  readonly text: string | null;
}

/** Largest local file read; telemetry files are a few KB, this only guards against accidents. */
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Every `*.json` under the source folder, recursively (downloaded artifacts arrive as one
 * folder per artifact). A missing folder is not an error: there is simply nothing local.
 */
export async function readLocalSource(root: string): Promise<{ files: LocalFile[]; missing: boolean }> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) return { files: [], missing: true };
  const files: LocalFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        // the preview this stage writes into a telemetry folder is not telemetry
        if (entry.name !== 'dashboard-preview') await walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.json')) {
        const size = (await stat(full).catch(() => undefined))?.size ?? 0;
        const text = size > MAX_BYTES ? null : await readFile(full, 'utf8').catch(() => null);
        files.push({ path: relative(root, full).split(sep).join('/'), text });
      }
    }
  };
  await walk(root);
  return { files, missing: false };
}
