import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyPreflight,
  PREFLIGHT_CLASSES,
  preflightMessage,
  runPreflight,
} from '../src/codex/preflight.js';
import { API_KEY } from './setup.js';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai.js';

describe('classifyPreflight (pure)', () => {
  it.each([
    [{ kind: 'missing_key' } as const, 'missing_key'],
    [{ kind: 'response', status: 200, body: '{}' } as const, 'ok'],
    [{ kind: 'response', status: 401, body: '{"error":{"code":"invalid_api_key"}}' } as const, 'invalid_key'],
    [
      {
        kind: 'response',
        status: 429,
        body: '{"error":{"code":"insufficient_quota","type":"insufficient_quota"}}',
      } as const,
      'quota',
    ],
    [
      { kind: 'response', status: 429, body: '{"error":{"code":"rate_limit_exceeded"}}' } as const,
      'rate_limited',
    ],
    [{ kind: 'response', status: 429, body: 'not json' } as const, 'rate_limited'],
    [{ kind: 'response', status: 503, body: '' } as const, 'upstream'],
    [{ kind: 'network', reason: 'ECONNREFUSED' } as const, 'unreachable'],
  ])('%j → %s', (observation, expected) => {
    expect(classifyPreflight(observation)).toBe(expected);
  });

  it('gives every class an actionable message that never contains a key', () => {
    for (const result of PREFLIGHT_CLASSES) {
      const message = preflightMessage(result, { baseUrl: 'https://api.example', httpStatus: 401 });
      expect(message.length).toBeGreaterThan(30);
      expect(message).not.toContain(API_KEY);
    }
    expect(preflightMessage('invalid_key', { baseUrl: 'x' })).toMatch(/OPENAI_API_KEY secret/);
    expect(preflightMessage('quota', { baseUrl: 'x' })).toMatch(/credit|usage limit/);
    expect(preflightMessage('missing_key', { baseUrl: 'x' })).toMatch(/secrets\.OPENAI_API_KEY/);
  });
});

describe('runPreflight against a local server', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it.each([
    [200, { object: 'list', data: [] }, 'ok'],
    [401, { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }, 'invalid_key'],
    [
      429,
      {
        error: {
          message: 'You exceeded your current quota',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
      'quota',
    ],
    [
      429,
      { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
      'rate_limited',
    ],
    [500, { error: { message: 'internal' } }, 'upstream'],
  ])('HTTP %i → %s', async (status, body, expected) => {
    fake.models = { status, body };
    const before = fake.requests.length;
    const result = await runPreflight({ baseUrl: `${fake.url}/`, apiKey: API_KEY });
    expect(result.result).toBe(expected);
    expect(result.httpStatus).toBe(status);
    expect(result.message).not.toContain(API_KEY);
    const request = fake.requests[before];
    expect(request?.url).toBe('/v1/models');
    expect(request?.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('a closed port is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const result = await runPreflight({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: API_KEY,
      timeoutMs: 2000,
    });
    expect(result.result).toBe('unreachable');
    expect(result.httpStatus).toBeNull();
    expect(result.message).toMatch(/ECONNREFUSED/);
  });

  it('an empty or blank key is missing_key without any request', async () => {
    const before = fake.requests.length;
    expect((await runPreflight({ baseUrl: fake.url, apiKey: '  ' })).result).toBe('missing_key');
    expect(fake.requests.length).toBe(before);
  });
});
