import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMainInThread, STAGE_YOUNG_GENERATION_MB } from '@codex-suite/core/stage-thread';
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

  it('fails as the stage failed: its error reaches the entry', async () => {
    const entry = bundle('throws', `export async function main() { throw new Error('stage broke'); }`);
    await expect(runMainInThread(entry)).rejects.toThrow('stage broke');
  });

  it('the bound is smaller than V8 would grow to on a large machine (32 MB per semi-space)', () => {
    expect(STAGE_YOUNG_GENERATION_MB).toBeLessThanOrEqual(16);
  });
});
