import { describe, expect, it } from 'vitest';
import {
  dashboardUrl,
  deferredRows,
  FEDERATED_STAGES,
  overviewDocument,
  overviewRow,
} from '../../src/federation/overview.js';

const links = { run_url: 'https://github.com/acme/control/actions/runs/1', dashboard_url: '' };
const expected = FEDERATED_STAGES.map((s) => s.component);
const track = (open: number, stale: number, escalated: number, drift: number) => ({
  open,
  stale,
  escalated,
  drift: { issues: drift },
});
const file = (component: string, status: string, extra: Record<string, unknown> = {}) => ({
  component,
  status,
  finished_at: '2026-11-30T10:00:00Z',
  errors: [],
  ...extra,
});
const healthy = () =>
  expected.map((component) =>
    component === 'supervisor'
      ? file(component, 'ok', {
          verdict: 'yellow',
          tracks: { main: track(10, 2, 1, 3), dashboard: track(4, 1, 0, 0) },
        })
      : component === 'sync'
        ? file(component, 'ok', { integrity: { malformed: [{ number: 1, reason: 'x' }] } })
        : file(component, 'ok'),
  );

describe('overviewRow', () => {
  it('sums both tracks and counts malformed issues', () => {
    const row = overviewRow('acme/web', healthy(), links, expected);
    expect(row).toMatchObject({
      status: 'ok',
      verdict: 'yellow',
      open: 14,
      stale: 3,
      escalated: 1,
      drift: 3,
      malformed: 1,
    });
    expect(row.failing).toEqual([]);
  });

  it('names the worst status, each failing stage with its first error code, and a stage that wrote nothing', () => {
    const files = healthy().filter((f) => f.component !== 'activity');
    files[0] = file('self-test', 'degraded', { errors: [{ code: 'rate_limited', message: 'x' }] });
    const row = overviewRow('acme/web', files, links, expected);
    expect(row.status).toBe('error');
    expect(row.failing).toEqual([
      { component: 'activity', status: 'error', code: 'stage_crashed' },
      { component: 'self-test', status: 'degraded', code: 'rate_limited' },
    ]);
  });

  it('shows no verdict or counts from a supervisor that ended in error', () => {
    const files = healthy().map((f) => (f.component === 'supervisor' ? { ...f, status: 'error' } : f));
    const row = overviewRow('acme/web', files, links, expected);
    expect(row.verdict).toBeNull();
    expect(row.open).toBeNull();
  });

  it('treats an unknown status as an error, never as ok', () => {
    expect(overviewRow('acme/web', [file('cleaner', '<b>fine</b>')], links).status).toBe('error');
  });
});

describe('overviewDocument and dashboardUrl', () => {
  it('keeps one row per repository (the newest), sorted by name', () => {
    const a = overviewRow('acme/b', [file('cleaner', 'ok')], links);
    const old = {
      ...overviewRow('ACME/a', [file('cleaner', 'error')], links),
      finished_at: '2026-01-01T00:00:00Z',
    };
    const fresh = overviewRow('acme/a', [file('cleaner', 'ok')], links);
    const doc = overviewDocument([a, old, fresh], { generated_at: 'now', run_url: links.run_url });
    expect(doc.repositories.map((r) => [r.repository, r.status])).toEqual([
      ['acme/a', 'ok'],
      ['acme/b', 'ok'],
    ]);
  });

  it('fills the template with URL-encoded parts', () => {
    expect(dashboardUrl('https://{owner}.github.io/{name}/dashboard/', 'Acme/web.site')).toBe(
      'https://acme.github.io/web.site/dashboard/',
    );
    expect(dashboardUrl('https://x/{owner}/{name}/', 'a/b?c')).toBe('https://x/a/b%3Fc/');
  });
});

describe('deferredRows', () => {
  it('keeps the previous rows of deferred repositories only, and survives an unreadable file', () => {
    const previous = JSON.stringify({
      repositories: [overviewRow('acme/a', [], links), overviewRow('acme/b', [], links), { repository: 7 }],
    });
    expect(deferredRows(previous, ['ACME/b']).map((r) => r.repository)).toEqual(['acme/b']);
    expect(deferredRows(previous, [])).toEqual([]);
    expect(deferredRows('{not json', ['acme/b'])).toEqual([]);
    expect(deferredRows(null, ['acme/b'])).toEqual([]);
  });
});
