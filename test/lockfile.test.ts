import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` refuses a lockfile that lacks any optional dependency of a package, even one for
 * another platform. Some registries serve only the builds for this platform, and then
 * `npm install` quietly drops the others from the lockfile — which breaks CI's clean install.
 */
describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string>; dev?: boolean }>;
  };

  it('records every optional dependency of every package, so npm ci accepts it', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        const nested = `${path}/node_modules/${name}`;
        if (!lock.packages[nested] && !lock.packages[`node_modules/${name}`])
          missing.push(`${name} (of ${path || 'root'})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
