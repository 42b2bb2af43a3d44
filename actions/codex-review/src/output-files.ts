import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFolder } from './codex/home.js';
import type { Review } from './codex/review.js';
import type { SecretRedactor } from './secrets.js';

/** The output folder: review.json and review.md always, and what a failed run is diagnosed by. */
export interface OutputFiles {
  readonly dir: string;
  readonly json: string;
  readonly md: string;
  readonly lastMessage: string;
  readonly events: string;
  readonly stderr: string;
  readonly prompt: string;
  readonly diff: string;
  readonly outputSchema: string;
}

export function outputFiles(dir: string): OutputFiles {
  return {
    dir,
    json: join(dir, 'review.json'),
    md: join(dir, 'review.md'),
    lastMessage: join(dir, 'codex-last-message.txt'),
    events: join(dir, 'codex-events.jsonl'),
    stderr: join(dir, 'codex-stderr.log'),
    prompt: join(dir, 'prompt.md'),
    diff: join(dir, 'pull-request.diff'),
    outputSchema: join(dir, 'output-schema.json'),
  };
}

/** Results of an earlier run in the same folder must never pass for this run's. */
export async function clearOutputFiles(files: OutputFiles): Promise<void> {
  const { dir: _folder, ...paths } = files;
  await Promise.all(Object.values(paths).map((f) => rm(f, { force: true })));
}

export async function writeReviewFiles(files: OutputFiles, review: Review, markdown: string): Promise<void> {
  await writeFile(files.json, `${JSON.stringify(review, null, 2)}\n`);
  await writeFile(files.md, markdown);
}

/** Codex's own files go into the uploaded artifact: scrubbed like everything else that leaves. */
export async function redactFiles(paths: readonly string[], redactor: SecretRedactor): Promise<void> {
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const clean = redactor.redact(text);
    if (clean !== text) await writeFile(path, clean);
  }
}

/** Log lines naming what each folder holds, taken before the run's temporary folders go. */
export async function listFolders(dirs: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const dir of dirs) {
    lines.push(`Contents of ${dir}:`);
    for (const line of await listFolder(dir)) lines.push(`  ${line}`);
  }
  return lines;
}
