import { describe, expect, it } from 'vitest';
import { jsonBodyWithBase64 } from '../src/pages/base64-body.js';

/** What the body must equal: the value with every content's base64, serialised by JSON.stringify. */
function expected(build: (base64: (content: string) => string) => unknown): string {
  return JSON.stringify(build((content) => Buffer.from(content).toString('base64')));
}

// Lengths around the encoder's step (16,384 characters) and its 3-byte groups.
const LENGTHS = [0, 1, 2, 3, 4, 16_383, 16_384, 16_385, 49_152, 100_003];
const ALPHABET = ['a', 'é', '€', '😀', '\n', '"', '\\', '\u0000'];

function textOf(length: number, seed: number): string {
  let text = '';
  let x = seed;
  while (text.length < length) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    text += ALPHABET[x % ALPHABET.length];
  }
  return text.slice(0, length);
}

describe('jsonBodyWithBase64', () => {
  it('is byte for byte the JSON of the body with each content base64-encoded', async () => {
    for (const [i, length] of LENGTHS.entries()) {
      const a = textOf(length, i + 1);
      const b = textOf(LENGTHS[LENGTHS.length - 1 - i]!, i + 7);
      const build = (base64: (content: string) => string) => ({
        query: 'mutation { x }',
        variables: {
          input: {
            message: { headline: 'état "quoted" ✓' },
            fileChanges: {
              additions: [
                { path: 'dashboard/dashboard.json', contents: base64(a) },
                { path: 'telemetry/activity-1.json', contents: base64(b) },
              ],
              deletions: [{ path: 'old.json' }],
            },
          },
        },
      });
      const body = jsonBodyWithBase64(build);
      expect(body).toBeInstanceOf(Blob);
      expect(await body.text()).toBe(expected(build));
    }
  });

  it('keeps a surrogate pair that falls on a step boundary whole, and a lone surrogate as Buffer.from does', async () => {
    for (const text of [
      `${'a'.repeat(16_383)}😀${'b'.repeat(10)}`,
      `${'a'.repeat(16_384)}😀`,
      `${'a'.repeat(16_383)}\ud83d`,
      `x\ude00y${'€'.repeat(20_000)}\ud83d`,
    ]) {
      const build = (base64: (content: string) => string) => ({ content: base64(text), encoding: 'base64' });
      expect(await jsonBodyWithBase64(build).text()).toBe(expected(build));
    }
  });

  it('spans several parts: contents and JSON text larger than a part, and its size is the byte length', async () => {
    const large = textOf(1_500_000, 3);
    const build = (base64: (content: string) => string) => ({
      message: `${'é'.repeat(700_000)}✓`,
      files: [{ contents: base64(large) }, { contents: base64('small') }, { contents: base64(large) }],
    });
    const body = jsonBodyWithBase64(build);
    const text = expected(build);
    expect(body.size).toBe(Buffer.byteLength(text));
    expect(await body.text()).toBe(text);
  });

  it('is made anew on every read of its stream (a retry sends it again), in steps no larger than one', async () => {
    const content = textOf(200_000, 5);
    const build = (base64: (content: string) => string) => ({ content: base64(content), encoding: 'base64' });
    const body = jsonBodyWithBase64(build);
    for (let round = 0; round < 2; round += 1) {
      const chunks: Uint8Array[] = [];
      const reader = body.stream().getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
      expect(chunks.length).toBeGreaterThan(2);
      for (const chunk of chunks) expect(chunk.byteLength).toBeLessThanOrEqual(4 * 16_384 + 4);
      expect(Buffer.concat(chunks).toString('utf8')).toBe(expected(build));
    }
  });

  it('leaves a body without contents as JSON.stringify has it', async () => {
    const build = () => ({ message: 'm', branch: 'codex-pages', sha: 'abc' });
    expect(await jsonBodyWithBase64(build).text()).toBe(JSON.stringify(build()));
  });
});
