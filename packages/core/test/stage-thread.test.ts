import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  runMainInThread,
  STAGE_OLD_GENERATION_MB,
  STAGE_YOUNG_GENERATION_MB,
} from '@codex-suite/core/stage-thread';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'stage-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle folder: the entry (never read, only its folder counts) and a main.js beside it. */
function bundle(name: string, main: string): string {
  const at = mkdtempSync(join(dir, `${name}-`));
  writeFileSync(join(at, 'main.js'), main);
  return join(at, 'index.js');
}

describe('a stage runs in a worker thread with a bounded young generation', () => {
  it("returns main()'s exit code, from a thread that is not the main one, under the young-generation bound", async () => {
    const entry = bundle(
      'limits',
      `import { isMainThread, resourceLimits } from 'node:worker_threads';
       export async function main() {
         if (isMainThread) return 99;
         return resourceLimits.maxYoungGenerationSizeMb === ${STAGE_YOUNG_GENERATION_MB} ? 3 : 98;
       }`,
    );
    expect(await runMainInThread(entry)).toBe(3);
  });

  it('runs under the old-generation bound too', async () => {
    const entry = bundle(
      'old-limit',
      `import { resourceLimits } from 'node:worker_threads';
       export async function main() {
         return resourceLimits.maxOldGenerationSizeMb === ${STAGE_OLD_GENERATION_MB} ? 4 : 97;
       }`,
    );
    expect(await runMainInThread(entry)).toBe(4);
  });

  it('the old-generation bound is below the 2 GB from which V8 lets the heap grow 4x between full collections', () => {
    expect(STAGE_OLD_GENERATION_MB).toBeLessThan(2048);
    // and far above what a stage keeps over 50,000 issues (tens of MB)
    expect(STAGE_OLD_GENERATION_MB).toBeGreaterThanOrEqual(1024);
  });

  it('fails as the stage failed: its error reaches the entry', async () => {
    const entry = bundle('throws', `export async function main() { throw new Error('stage broke'); }`);
    await expect(runMainInThread(entry)).rejects.toThrow('stage broke');
  });

  it('the bound is smaller than V8 would grow to on a large machine (32 MB per semi-space)', () => {
    expect(STAGE_YOUNG_GENERATION_MB).toBeLessThanOrEqual(16);
  });
});
