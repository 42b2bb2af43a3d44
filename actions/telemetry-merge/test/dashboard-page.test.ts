import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { DASHBOARD_KEYS, dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst } from '@codex-suite/core/telemetry/validate';
import { type Browser, chromium as pwChromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../src/dashboard.js';
import { type HistoryPoint, historyPoint } from '../src/history.js';
import { fullRecords, REPOSITORY } from './fixtures.js';

const ASSETS = join(import.meta.dirname, '..', 'assets');
const SHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results', 'telemetry-merge');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** What the server answers for /dashboard.json: a body, or a status without one. */
let dashboardAnswer: { status: number; body?: string } = { status: 404 };
let server: Server;
let origin: string;
let browser: Browser;
const served: string[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    if (path === '/dashboard.json') {
      res.writeHead(dashboardAnswer.status, { 'content-type': TYPES['.json']! });
      res.end(dashboardAnswer.body ?? '');
      return;
    }
    const file = normalize(join(ASSETS, path === '/' ? 'index.html' : path));
    if (!file.startsWith(ASSETS + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chromium = (await import('@sparticuz/chromium')).default;
  browser = await pwChromium.launch({
    executablePath: await chromium.executablePath(),
    // --single-process (meant for serverless) takes the whole browser down when a context closes.
    args: chromium.args.filter((a) => a !== '--single-process'),
    headless: true,
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** A dashboard as the stage writes it: the fixture records and 12 merges of history. */
function fullDashboard() {
  const records = fullRecords(new Date(Date.now() - 3 * 3600_000).toISOString());
  const latest = Object.fromEntries(
    DASHBOARD_KEYS.map((k) => {
      const component = k === 'selftest' ? 'self-test' : k === 'codex_review' ? 'codex-review' : k;
      const record = records[component]!;
      return [k, { record, file: `telemetry/${component}-${record.run_id}.json` }];
    }),
  ) as Parameters<typeof buildDashboard>[0]['latest'];
  const history: HistoryPoint[] = [];
  for (let i = 0; i < 12; i += 1) {
    const at = new Date(Date.now() - (12 - i) * 6 * 3600_000).toISOString();
    const point = historyPoint(
      at,
      String(9000 + i),
      Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, latest[k]!.record])) as never,
    );
    point.sync = { corrections: (i * 7) % 11, malformed: i % 3 };
    point.activity = {
      main: { open: 20 + (i % 4), stale: i % 5, escalated: Math.floor(i / 4) },
      dashboard: { open: 6, stale: i % 2, escalated: 0 },
    };
    point.supervisor = {
      verdict: i > 8 ? 'yellow' : 'green',
      main: i > 8 ? 'yellow' : 'green',
      dashboard: 'green',
    };
    history.push(point);
  }
  const dashboard = buildDashboard({
    generatedAt: new Date(Date.now() - 3600_000).toISOString(),
    repository: REPOSITORY,
    serverUrl: 'https://github.com',
    latest,
    history,
  });
  expect(validateAgainst(dashboardSchema, dashboard)).toEqual({ valid: true, errors: [] });
  return dashboard;
}

function partialDashboard() {
  const records = fullRecords();
  const dashboard = buildDashboard({
    generatedAt: new Date().toISOString(),
    repository: REPOSITORY,
    serverUrl: 'https://github.com',
    latest: {
      supervisor: null,
      cleaner: null,
      selftest: { record: records['self-test']!, file: 'telemetry/self-test-9001.json' },
      sync: null,
      activity: null,
      diagnostics: null,
      codex_review: null,
    },
    history: [],
  });
  expect(validateAgainst(dashboardSchema, dashboard).valid).toBe(true);
  return dashboard;
}

interface Visit {
  page: Page;
  requests: string[];
  problems: string[];
}

async function open(options: { width?: number; dark?: boolean } = {}): Promise<Visit> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    // A bare container's locale (C/POSIX) is no valid language tag for Intl; browsers always have one.
    locale: 'en-US',
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${origin}/index.html`);
  await page.waitForSelector('body[data-state]');
  return { page, requests, problems };
}

const cells = (page: Page, selector: string) =>
  page.$$eval(selector, (rows) =>
    rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
  );

describe('dashboard page in Chromium', () => {
  it('renders a full dashboard.json: health, tracks, issues, sync, checks, review and charts', async () => {
    const dashboard = fullDashboard();
    dashboardAnswer = { status: 200, body: JSON.stringify(dashboard) };
    const { page, requests, problems } = await open();
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');

    // Stage health: one row per stage with its status; errors listed.
    const health = await cells(page, '#health tbody tr');
    expect(health).toHaveLength(7);
    const syncRow = health.find((r) => r[0] === 'Project sync')!;
    expect(syncRow[1]).toBe('degraded');
    expect(syncRow[5]).toContain('project_missing: CODEX_PROJECT orgs/octo-org/projects/9 was not found');
    expect(syncRow[3]).toMatch(/hours ago/);

    // Track counts match the supervisor record.
    const [main, dash] = await cells(page, '#tracks tbody tr[data-track]');
    expect(main).toEqual([
      'main',
      'yellow',
      '23',
      '17',
      '4',
      '2',
      '3',
      '4 of 23 open issues are stale (17%)2 escalated issues',
    ]);
    expect(dash!.slice(0, 7)).toEqual(['dashboard', 'green', '6', '6', '0', '0', '3']);

    // Stale and escalated issues link to GitHub.
    const escalated = await page.$$eval('#issues [aria-label^="Escalated"] tbody a', (as) =>
      as.map((a) => [a.textContent, a.getAttribute('href')]),
    );
    expect(escalated).toEqual([
      ['#12', 'https://github.com/octo-org/codex-demo/issues/12'],
      ['#15', 'https://github.com/octo-org/codex-demo/issues/15'],
    ]);
    expect(await page.locator('#issues tr[data-issue]').count()).toBe(6);

    // Sync: corrections total, malformed issues (markup in data stays text).
    expect(await page.textContent('#sync tr[data-correction="total"] td')).toBe('10');
    expect(await page.textContent('#sync tr[data-correction="milestone"] td')).toBe('4');
    expect(await page.textContent('#sync tr[data-malformed="79"] td')).toBe(
      'title is empty <script>alert(1)</script>',
    );
    expect(await page.locator('script').count()).toBe(2);

    // Self-test and diagnostics checks, with the fix of a failing check.
    expect(await page.locator('#selftest tr[data-check]').count()).toBe(3);
    const failing = await cells(page, '#diagnostics tr[data-check="variable CODEX_MAIN_MILESTONE"]');
    expect(failing[0]![1]).toBe('fail');
    expect(failing[0]![2]).toContain('gh variable set CODEX_MAIN_MILESTONE');
    expect(await page.textContent('#diagnostics .section-body > p:nth-of-type(2)')).toBe(
      '1 of 2 checks pass.',
    );

    // Cleaner and review numbers.
    expect(await page.textContent('#cleaner [data-field="closed-count"]')).toBe('2');
    expect(await page.textContent('#cleaner [data-field="pruned-count"]')).toBe('5');
    expect(await page.textContent('#review [data-field="findings"]')).toBe('3');
    expect(await page.getAttribute('#review a[href*="/pull/"]', 'href')).toBe(
      'https://github.com/octo-org/codex-demo/pull/140',
    );

    // Trends: five charts drawn by the vendored library, each with its data table.
    expect(await page.locator('#trends .uplot canvas').count()).toBe(5);
    expect(await page.locator('#trends figure details table').count()).toBe(5);
    const firstChartRows = await cells(page, '#trends figure:first-of-type details tbody tr');
    expect(firstChartRows.map((r) => r.slice(1))).toEqual(
      dashboard.history.map((p) => [String(p.sync!.corrections), String(p.sync!.malformed)]),
    );

    // Nothing left 127.0.0.1; the page reported no errors (CSP violations included).
    expect(requests.length).toBeGreaterThan(3);
    for (const url of requests) expect(url.startsWith(`${origin}/`), url).toBe(true);
    expect(problems).toEqual([]);
    expect(served).toContain('/vendor/uPlot.iife.min.js');

    await page.screenshot({ path: join(SHOTS, 'full-desktop.png'), fullPage: true });
    await page.screenshot({ path: join(SHOTS, 'full-desktop-top.png') });
    await page.locator('#trends').screenshot({ path: join(SHOTS, 'trends.png') });
    await page.context().close();
  });

  it('is readable on a phone and in dark mode', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(fullDashboard()) };
    const phone = await open({ width: 390, dark: true });
    // No horizontal scrolling of the page itself; wide tables scroll in their own region.
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const background = await phone.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    expect(phone.problems).toEqual([]);
    await phone.page.screenshot({ path: join(SHOTS, 'full-phone-dark.png'), fullPage: true });
    await phone.page.screenshot({ path: join(SHOTS, 'phone-dark-top.png') });
    await phone.page.context().close();
  });

  it('is usable with a keyboard: skip link first, then the section links', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(fullDashboard()) };
    const { page } = await open();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Trends');
    await page.context().close();
  });

  it('renders a partial dashboard: missing components and an empty history', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(partialDashboard()) };
    const { page, problems, requests } = await open();
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    const health = await cells(page, '#health tbody tr');
    expect(health.find((r) => r[0] === 'Self-test')![1]).toBe('ok');
    expect(health.find((r) => r[0] === 'Supervisor')!.slice(1, 2)).toEqual(['no telemetry']);
    expect(await page.textContent('#tracks .empty')).toBe('No supervisor or activity telemetry yet.');
    expect(await page.textContent('#sync .empty')).toBe('No project-sync telemetry yet.');
    expect(await page.textContent('#trends .empty')).toMatch(/^No history yet/);
    expect(await page.locator('#trends canvas').count()).toBe(0);
    expect(problems).toEqual([]);
    for (const url of requests) expect(url.startsWith(`${origin}/`)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'partial.png'), fullPage: true });
    await page.context().close();
  });

  it('says clearly when dashboard.json is missing', async () => {
    dashboardAnswer = { status: 404 };
    const { page } = await open();
    expect(await page.getAttribute('body', 'data-state')).toBe('failed');
    expect(await page.textContent('#message')).toMatch(/^No dashboard\.json yet\./);
    expect(await page.locator('main > section:visible').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'missing.png'), fullPage: true });
    await page.context().close();
  });

  it('says clearly when dashboard.json is not valid JSON or not a dashboard', async () => {
    dashboardAnswer = { status: 200, body: '{"generated_at": "2026-' };
    let visit = await open();
    expect(await visit.page.textContent('#message')).toMatch(/^dashboard\.json is not valid JSON\./);
    await visit.page.context().close();

    dashboardAnswer = { status: 200, body: '[1, 2, 3]' };
    visit = await open();
    expect(await visit.page.textContent('#message')).toMatch(/^dashboard\.json is not a Codex dashboard\./);
    await visit.page.context().close();
  });
});
