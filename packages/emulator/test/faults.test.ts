import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/server.js';
import { call, REPO, setup } from './helpers.js';

let emulator: Emulator;
afterEach(async () => {
  await emulator.close();
});

describe('fault injection', () => {
  it('status on the nth matching request of a route template, logged with the fault id', async () => {
    emulator = await setup();
    const id = emulator.faults.add({ route: 'GET /repos/{owner}/{repo}/issues', status: 502, at: [2] });
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues`)).status).toBe(200);
    const failed = await call(emulator, 'GET', `/repos/${REPO}/issues`);
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ message: 'Bad Gateway', status: '502' });
    expect(emulator.log.at(-1)).toMatchObject({ fault: id, status: 502 });
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues`)).status).toBe(200);
    // Other routes never match.
    expect((await call(emulator, 'GET', `/repos/${REPO}/labels`)).status).toBe(200);
  });

  it('truncated body with 200, every nth, times, remove and clear', async () => {
    emulator = await setup();
    const id = emulator.faults.add({
      method: 'GET',
      route: /\/labels$/,
      body: '[{"id": 1, "na',
      every: 2,
      times: 1,
    });
    expect((await call(emulator, 'GET', `/repos/${REPO}/labels`)).status).toBe(200);
    const truncated = await call(emulator, 'GET', `/repos/${REPO}/labels`);
    expect(truncated.status).toBe(200);
    expect(truncated.text).toBe('[{"id": 1, "na');
    expect(truncated.body).toBeUndefined();
    expect((await call(emulator, 'GET', `/repos/${REPO}/labels`)).text).toBe('[]');
    expect((await call(emulator, 'GET', `/repos/${REPO}/labels`)).text).toBe('[]');
    expect(emulator.faults.remove(id)).toBe(true);
    emulator.faults.add({ status: 500 });
    expect((await call(emulator, 'GET', `/repos/${REPO}`)).status).toBe(500);
    emulator.faults.clear();
    expect((await call(emulator, 'GET', `/repos/${REPO}`)).status).toBe(200);
  });

  it('reset destroys the socket; delay holds the answer', async () => {
    emulator = await setup();
    emulator.faults.add({ route: 'GET /repos/{owner}/{repo}', reset: true, times: 1 });
    await expect(call(emulator, 'GET', `/repos/${REPO}`)).rejects.toThrow();
    expect(emulator.log.at(-1)).toMatchObject({ status: 0 });
    emulator.faults.add({ route: 'GET /repos/{owner}/{repo}', delayMs: 300, times: 1 });
    let delayedDone = false;
    const delayed = call(emulator, 'GET', `/repos/${REPO}`).then((response) => {
      delayedDone = true;
      return response;
    });
    // A request sent after the delayed one is answered first.
    expect((await call(emulator, 'GET', `/repos/${REPO}/labels`)).status).toBe(200);
    expect(delayedDone).toBe(false);
    expect((await delayed).status).toBe(200);
  });

  it('rate uses a seeded PRNG: the same seed fires on the same requests', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      const server = await setup({ faultSeed: seed });
      server.faults.add({ route: 'GET /repos/{owner}/{repo}', status: 503, rate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await call(server, 'GET', `/repos/${REPO}`)).status);
      await server.close();
      return statuses;
    };
    emulator = await setup();
    const a = await pattern(7);
    expect(await pattern(7)).toEqual(a);
    expect(a).toContain(503);
    expect(a).toContain(200);
  });

  it('secondaryLimit helper: 429 with retry-after once, then normal', async () => {
    emulator = await setup();
    emulator.faults.secondaryLimit({
      route: 'POST /repos/{owner}/{repo}/labels',
      status: 429,
      retryAfter: 7,
    });
    const limited = await call(emulator, 'POST', `/repos/${REPO}/labels`, { body: { name: 'x' } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.message).toContain('secondary rate limit');
    expect(limited.headers.get('x-ratelimit-remaining')).not.toBeNull();
    expect((await call(emulator, 'POST', `/repos/${REPO}/labels`, { body: { name: 'x' } })).status).toBe(201);
  });
});
