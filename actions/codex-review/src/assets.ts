import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The stage's assets folder: beside the bundle (`dist/codex-review/assets`, copied by the build)
 * or, when run from source, `actions/codex-review/assets`.
 */
export function assetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'assets'), join(here, '..', 'assets')];
  const found = candidates.find((dir) => existsSync(join(dir, 'config.template.toml')));
  if (!found) throw new Error(`The codex-review assets are missing (looked in ${candidates.join(', ')}).`);
  return found;
}

export function readAsset(name: string): Promise<string> {
  return readFile(join(assetsDir(), name), 'utf8');
}
