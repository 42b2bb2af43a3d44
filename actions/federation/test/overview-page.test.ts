/**
 * The overview page in a real browser (Chromium): hostile values in overview.json stay text and
 * never become markup or a script link; sorting and filtering work over 1,000 rows.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { OverviewRow } from '@codex-suite/core/federation/overview';
import { type Browser, chromium as pwChromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ASSETS = join(import.meta.dirname, '..', 'assets');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
let overviewJson = '{}';
let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/overview.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(overviewJson);
      return;
    }
    const file = normalize(join(ASSETS, path === '/' ? 'index.html' : path));
    if (!file.startsWith(ASSETS + sep)) return void res.writeHead(403).end();
    try {
      res
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chromium = (await import('@sparticuz/chromium')).default;
  browser = await pwChromium.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((a) => a !== '--single-process'),
    headless: true,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

function row(repository: string, extra: Partial<OverviewRow> = {}): OverviewRow {
  return {
    repository,
    status: 'ok',
    verdict: 'green',
    open: 1,
    stale: 0,
    escalated: 0,
    drift: 0,
    malformed: 0,
    finished_at: new Date().toISOString(),
    failing: [],
    run_url: 'https://github.com/acme/control/actions/runs/1',
    dashboard_url: `https://acme.github.io/${repository.split('/')[1]}/dashboard/`,
    ...extra,
  };
}

async function open(rows: unknown[]) {
  overviewJson = JSON.stringify({
    version: 1,
    generated_at: new Date().toISOString(),
    run_url: 'javascript:alert(1)',
    repositories: rows,
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${origin}/`);
  await page.waitForSelector('#shown:not(:empty)');
  return { page, errors };
}

describe('federation overview page', () => {
  it('renders hostile values as text: no markup, no script link, no script run', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const { page, errors } = await open([
      row('acme/web', {
        status: 'degraded',
        failing: [{ component: hostile, status: 'degraded', code: '<script>window.__pwned=2</script>' }],
        run_url: 'javascript:window.__pwned=3',
        dashboard_url: 'javascript:window.__pwned=4',
      }),
      row(hostile as string),
    ]);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('tbody img, tbody script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    const text = await page.locator('tbody').textContent();
    expect(text).toContain(hostile);
    expect(text).toContain('<script>window.__pwned=2</script>');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('sorts by a column and filters by name, verdict and status over 1,000 rows', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) =>
      row(`acme/repo-${String(i).padStart(4, '0')}`, {
        open: i,
        verdict: (['green', 'yellow', 'red'] as const)[i % 3],
        status: i % 10 === 0 ? 'error' : 'ok',
      }),
    );
    const { page } = await open(rows);
    expect(await page.locator('tbody tr').count()).toBe(1000);
    expect(await page.locator('#shown').textContent()).toBe('1000 of 1000 repositories');
    await page.click('button[data-key="open"]');
    expect(await page.locator('tbody tr:first-child th').textContent()).toBe('acme/repo-0000');
    await page.click('button[data-key="open"]');
    expect(await page.locator('tbody tr:first-child th').textContent()).toBe('acme/repo-0999');
    expect(await page.locator('th:has(button[data-key="open"])').getAttribute('aria-sort')).toBe(
      'descending',
    );
    await page.selectOption('#filter-verdict', 'red');
    await page.selectOption('#filter-status', 'error');
    expect(await page.locator('tbody tr').count()).toBe(33);
    await page.fill('#filter-text', 'repo-00');
    expect(await page.locator('#shown').textContent()).toBe('3 of 1000 repositories');
    const link = page.locator('tbody tr:first-child th a');
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/acme\.github\.io\/repo-00\d\d\/dashboard\/$/);
    await page.close();
  }, 60_000);
});
