import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from './lib/cli.js';
import { generatedFiles } from './lib/generated-files.js';

/** Writes action.yml files, the configuration reference and the telemetry JSON Schemas; `--check` only compares. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check =
  parseCli({
    command: 'npm run generate --',
    summary:
      'Writes the action.yml files, docs/reference/configuration.md and the telemetry JSON Schemas from the settings schema.',
    duration: 'a few seconds.',
    options: {
      check: { type: 'boolean', description: 'only compare; exit 1 when a generated file is stale' },
    },
  }).check === true;
let stale = 0;
for (const [path, content] of Object.entries(generatedFiles())) {
  const target = join(root, path);
  const current = await readFile(target, 'utf8').catch(() => null);
  if (current === content) continue;
  if (check) {
    console.error(`stale: ${path}`);
    stale += 1;
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    console.log(`wrote ${path}`);
  }
}
if (stale > 0) {
  console.error(`${stale} generated file(s) are stale: run \`npm run generate\`.`);
  process.exit(1);
}
