import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gitBlobSha } from '../src/ledger/telemetry-entry.js';

describe('gitBlobSha', () => {
  it('is the sha git gives the UTF-8 bytes of a string, alike for the string and its bytes', () => {
    for (const text of ['', 'a', '{"t":"état ✓ 😀"}\n', 'x'.repeat(100_000)]) {
      const bytes = Buffer.from(text, 'utf8');
      const git = execFileSync('git', ['hash-object', '--stdin'], { input: bytes }).toString().trim();
      expect(gitBlobSha(text)).toBe(git);
      expect(gitBlobSha(bytes)).toBe(git);
    }
  });
});
