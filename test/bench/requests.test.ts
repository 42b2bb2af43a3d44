import { describe, expect, it } from 'vitest';
import { addSummaries, summarizeRequests } from '../../scripts/lib/bench/requests.js';

const list = 'GET /repos/{owner}/{repo}/issues';
const patch = 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';

describe('request summaries', () => {
  it('splits counted requests into reads and writes and counts 304s', () => {
    const s = summarizeRequests([
      { method: 'GET', route: list, status: 200, counted: true, write: false },
      { method: 'GET', route: list, status: 200, counted: true, write: false },
      { method: 'GET', route: list, status: 304, counted: false, write: false },
      { method: 'PATCH', route: patch, status: 200, counted: true, write: true },
      { method: 'GET', route: 'GET /rate_limit', status: 200, counted: false, write: false },
      { method: 'GET', route: undefined, status: 404, counted: true, write: false },
    ]);
    expect(s).toMatchObject({ counted: 4, reads: 3, writes: 1, notModified: 1, requests: 6 });
    expect(Object.entries(s.byRoute)[0]).toEqual([`${list} 200`, 2]);
    expect(s.byRoute['GET (no route) 404']).toBe(1);
  });

  it('adds summaries', () => {
    const a = summarizeRequests([{ method: 'GET', route: list, status: 200, counted: true, write: false }]);
    const b = summarizeRequests([
      { method: 'GET', route: list, status: 200, counted: true, write: false },
      { method: 'PATCH', route: patch, status: 200, counted: true, write: true },
    ]);
    const total = addSummaries([a, b]);
    expect(total).toMatchObject({ counted: 3, reads: 2, writes: 1 });
    expect(total.byRoute[`${list} 200`]).toBe(2);
  });
});
