import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Emulator } from '@codex-suite/emulator/server';

/** Writes every file of a branch of an emulated repository under `dir`; returns how many. */
export function exportBranch(emulator: Emulator, repository: string, branch: string, dir: string): number {
  const files = emulator.state.listFiles(repository, branch);
  for (const file of files) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, emulator.state.readFile(repository, branch, file) ?? '');
  }
  return files.length;
}
