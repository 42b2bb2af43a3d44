import { join } from 'node:path';
import { beforeAll } from 'vitest';
// @ts-expect-error: a plain .mjs module shared with scripts/build.mjs
import { staleDistReason } from '../../scripts/lib/dist-stamp.mjs';

/**
 * Imported by every test file that runs a bundle of dist/: before its tests, dist/ must have been
 * built from the sources in the working tree (a broken source with an old bundle must not pass).
 */
beforeAll(() => {
  const reason = (staleDistReason as (root: string) => string | undefined)(
    join(import.meta.dirname, '..', '..'),
  );
  if (reason) throw new Error(reason);
});
