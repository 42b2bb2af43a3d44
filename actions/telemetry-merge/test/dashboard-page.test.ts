import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { DASHBOARD_KEYS } from '@codex-suite/core/stages';
import { dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst } from '@codex-suite/core/telemetry/validate';
import { type Browser, chromium as pwChromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../src/dashboard.js';
import { type HistoryPoint, historyPoint } from '../src/history.js';
import { fullRecords, REPOSITORY } from './fixtures.js';

const ASSETS = join(import.meta.dirname, '..', 'assets');
const SHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results', 'telemetry-merge');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
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
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const HOUR = 3600_000;

/** The records of fixtures.ts as the stage merges them, keyed by dashboard key. */
function latestOf(records: Record<string, Record<string, unknown>>) {
  return Object.fromEntries(
    DASHBOARD_KEYS.map((k) => {
      const component = k === 'selftest' ? 'self-test' : k === 'codex_review' ? 'codex-review' : k;
      const record = records[component]!;
      return [k, { record, file: `telemetry/${component}-${record.run_id}.json` }];
    }),
  ) as Parameters<typeof buildDashboard>[0]['latest'];
}

/**
 * A dashboard as the stage writes it: the fixture records, and a history of merges every six
 * hours whose last point is this merge's own (so "since last run" compares real points).
 */
function fullDashboard(
  options: {
    generatedAt?: number;
    points?: number;
    mutate?: (records: Record<string, Record<string, unknown>>) => void;
  } = {},
) {
  const generatedAt = options.generatedAt ?? Date.now() - HOUR;
  const records = fullRecords(new Date(generatedAt - 2 * HOUR).toISOString());
  options.mutate?.(records);
  const latest = latestOf(records);
  const current = Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, latest[k]!.record])) as never;
  const count = options.points ?? 12;
  const history: HistoryPoint[] = [];
  for (let i = 0; i < count - 1; i += 1) {
    const point = historyPoint(
      new Date(generatedAt - (count - 1 - i) * 6 * HOUR).toISOString(),
      String(9000 + i),
      current,
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
      drift: { main: 3, dashboard: 1 },
    };
    history.push(point);
  }
  if (count > 0) history.push(historyPoint(new Date(generatedAt).toISOString(), '9100', current));
  const dashboard = buildDashboard({
    generatedAt: new Date(generatedAt).toISOString(),
    repository: REPOSITORY,
    serverUrl: 'https://github.com',
    latest,
    history,
  });
  expect(validateAgainst(dashboardSchema, dashboard)).toEqual({ valid: true, errors: [] });
  return dashboard;
}

/** The full dashboard with `n` stale issues on the main track (assignees and labels spread over them). */
function manyStaleIssues(n: number) {
  return fullDashboard({
    mutate: (records) => {
      const activity = records.activity!;
      activity.main = Array.from({ length: n }, (_, i) => ({
        number: 1000 + i,
        status: i % 10 === 0 ? 'escalation' : 'stale',
        days_inactive: 15 + (i % 200),
        title: `Stale issue ${i} with a long enough title to wrap on a phone`,
        html_url: `https://github.com/${REPOSITORY}/issues/${1000 + i}`,
        assignees: i % 3 === 0 ? [] : [`user${i % 40}`],
        labels: ['codex', `area-${i % 12}`],
      }));
      activity.counts = {
        main: { open: n + 50, active: 50, stale: n - Math.ceil(n / 10), escalation: Math.ceil(n / 10) },
        dashboard: { open: 6, active: 6, stale: 0, escalation: 0 },
      };
    },
  });
}

function partialDashboard() {
  const records = fullRecords(new Date(Date.now() - HOUR).toISOString());
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

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function open(
  options: { viewport?: { width: number; height: number }; dark?: boolean; language?: string } = {},
): Promise<Visit> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.dark ? 'dark' : 'light',
    // A bare container's locale (C/POSIX) is no valid language tag for Intl; the POSIX test sets it on purpose.
    locale: 'en-US',
  });
  const page = await context.newPage();
  if (options.language) {
    // What a browser started with LANG=C.UTF-8 reports (navigator.language is read-only otherwise).
    await page.addInitScript((tag) => {
      Object.defineProperty(Navigator.prototype, 'language', { configurable: true, get: () => tag });
      Object.defineProperty(Navigator.prototype, 'languages', { configurable: true, get: () => [tag] });
    }, options.language);
  }
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

/** Whether the element is wholly inside the first screen (no scrolling). */
async function aboveTheFold(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const viewport = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + box.height <= viewport.height && box.width > 0;
}

const pageHeight = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

/** Runs axe-core in the page (evaluated over the protocol: the page's CSP rightly refuses inline scripts). */
async function axeViolations(page: Page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (
            c: Document,
            o: object,
          ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

const figures: Record<string, unknown> = {};

describe('dashboard page in Chromium', () => {
  it('answers "healthy, and fresh?" on the first screen of a desktop', async () => {
    const dashboard = fullDashboard();
    dashboardAnswer = { status: 200, body: JSON.stringify(dashboard) };
    const { page, requests, problems } = await open();
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');

    // Verdict, counts and the freshness line without scrolling.
    for (const selector of ['.verdict', 'ul.counts', '.freshness', '.track[data-track="main"]'])
      expect(await aboveTheFold(page, selector), selector).toBe(true);
    expect(await page.textContent('.verdict-line')).toBe('Repository needs attention yellow');
    expect(await page.getAttribute('.freshness', 'data-fresh')).toBe('true');
    expect(await page.textContent('.freshness')).toMatch(/^Last pipeline run .* \(1 hour ago\) · run 9100$/);
    expect(await page.getAttribute('.freshness a', 'href')).toBe(
      'https://github.com/octo-org/codex-demo/actions/runs/9100',
    );

    // Counts from the latest records, with the change against the previous merge.
    const counts = await page.$$eval('ul.counts li', (items) =>
      items.map((li) => [
        li.getAttribute('data-count'),
        li.querySelector('.count-value')?.textContent,
        li.querySelector('.count-change')?.textContent ?? '',
      ]),
    );
    // previous point: main open 22 stale 0 escalated 2, dashboard open 6 stale 0; malformed 1; drift 3 + 1
    expect(counts).toEqual([
      ['open', '29', '+1 since last run'],
      ['stale', '4', '+4 since last run'],
      ['escalated', '2', 'no change'],
      ['drift', '6', '+2 since last run'],
      ['malformed', '2', '+1 since last run'],
    ]);

    // Track verdicts with their reasons, each reason once on the page.
    expect(await page.textContent('.track[data-track="main"] h3')).toBe('main track yellow');
    expect(await page.textContent('.track[data-track="main"] .track-figures')).toBe(
      '23 open · 4 stale · 2 escalated · 3 drift',
    );
    expect(await page.locator('li', { hasText: /^2 escalated issues$/ }).count()).toBe(1);
    expect(await page.locator('li', { hasText: /4 of 23 open issues are stale/ }).count()).toBe(1);

    // Failing stages with their error and a link to their Actions run.
    const failing = await page.$$eval('[data-failing]', (items) =>
      items.map((li) => [li.getAttribute('data-failing'), li.querySelector('a')?.getAttribute('href')]),
    );
    expect(failing).toEqual([
      ['sync', 'https://github.com/octo-org/codex-demo/actions/runs/9001'],
      ['diagnostics', 'https://github.com/octo-org/codex-demo/actions/runs/9001'],
    ]);
    expect(await page.textContent('[data-failing="sync"] .errors')).toBe(
      'project_missing: CODEX_PROJECT orgs/octo-org/projects/9 was not found',
    );

    // Trends come before the issue lists, and are drawn.
    const trendsTop = (await page.locator('#trends').boundingBox())!.y;
    expect(trendsTop).toBeLessThan((await page.locator('#issues').boundingBox())!.y);
    expect(await page.locator('#trends .uplot canvas').count()).toBe(4);
    const firstChartRows = await cells(page, '#trends figure:first-of-type details tbody tr');
    expect(firstChartRows.at(-1)!.slice(1)).toEqual(['29', '4', '2']);

    // Stage table rows link to their runs.
    expect(await page.getAttribute('#health tr[data-stage="sync"] a', 'href')).toBe(
      'https://github.com/octo-org/codex-demo/actions/runs/9001',
    );

    // Malformed issues: markup in data stays text.
    expect(await page.textContent('#sync tr[data-malformed="79"] td')).toBe(
      'title is empty <script>alert(1)</script>',
    );
    expect(await page.locator('script').count()).toBe(3);
    expect(await page.locator('img').count()).toBe(0);

    figures.desktop = { trendsTop, pageHeight: await pageHeight(page) };
    for (const url of requests) expect(url.startsWith(`${origin}/`), url).toBe(true);
    expect(problems).toEqual([]);
    expect(served).toContain('/vendor/uPlot.iife.min.js');
    await page.screenshot({ path: join(SHOTS, 'desktop-top.png') });
    await page.screenshot({ path: join(SHOTS, 'desktop-full.png'), fullPage: true });
    await page.context().close();
  });

  it('lists stale and escalated issues collapsed, with assignee, labels and days without human activity', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(fullDashboard()) };
    const { page } = await open();
    const list = page.locator('details[data-list="issues"]');
    expect(await list.getAttribute('open')).toBeNull();
    expect(await page.textContent('details[data-list="issues"] > summary')).toBe(
      '6 issues: 2 escalated, 4 stale',
    );
    expect(await page.locator('#issues tr[data-issue]').first().isVisible()).toBe(false);
    await page.click('details[data-list="issues"] > summary');
    const rows = await cells(page, '#issues tbody tr');
    expect(rows[0]).toEqual([
      '#12',
      'Flaky <img src=x onerror=alert(1)> export',
      'main',
      'escalated',
      '41',
      'mona',
      'codexcodex-trackmaincodex-escalation',
    ]);
    expect(rows.map((r) => r[0])).toEqual(['#12', '#15', '#31', '#34', '#36', '#38']);
    expect(rows.map((r) => r[5])).toEqual([
      'mona',
      'unassigned',
      'hubot, mona',
      'unassigned',
      'octocat',
      'unassigned',
    ]);
    // The columns of the human-activity attribution appear only when the data has them.
    expect(await page.locator('#issues th', { hasText: 'Last human activity' }).count()).toBe(0);
    expect(await page.getAttribute('#issues tr[data-issue="12"] a', 'href')).toBe(
      'https://github.com/octo-org/codex-demo/issues/12',
    );
    await page.context().close();
  });

  it('shows who last acted on an issue when the activity telemetry records it', async () => {
    const dashboard = fullDashboard({
      mutate: (records) => {
        const main = records.activity!.main as Record<string, unknown>[];
        main[0]!.last_human_activity = {
          at: '2026-10-20T09:00:00Z',
          actor: 'mona',
          attribution: 'attributed',
        };
        main[1]!.last_human_activity = { at: '2026-10-28T09:00:00Z', actor: null, attribution: 'assumed' };
      },
    });
    dashboardAnswer = { status: 200, body: JSON.stringify(dashboard) };
    const { page } = await open();
    await page.click('details[data-list="issues"] > summary');
    const headers = await page.$$eval('#issues thead th', (ths) => ths.map((t) => t.textContent));
    expect(headers.slice(-3)).toEqual(['Last human activity', 'By', 'Attribution']);
    const rows = await cells(page, '#issues tbody tr');
    expect(rows[0]!.slice(-2)).toEqual(['mona', 'attributed']);
    expect(rows[1]!.slice(-2)).toEqual(['—', 'assumed']);
    expect(rows[2]!.slice(-3)).toEqual(['—', '—', '—']);
    await page.context().close();
  });

  it("renders the activity stage's own fields as '41 days ago by @alice', as text", async () => {
    const dashboard = fullDashboard({
      mutate: (records) => {
        const main = records.activity!.main as Record<string, unknown>[];
        Object.assign(main[0]!, {
          days_inactive: 41,
          last_human_activity_at: '2026-10-20T09:00:00.000Z',
          last_human_actor: '<img src=x onerror=alert(1)>',
          attribution: 'attributed',
        });
        Object.assign(main[1]!, {
          days_inactive: 33,
          last_human_activity_at: '2026-10-28T09:00:00.000Z',
          attribution: 'assumed',
        });
      },
    });
    dashboardAnswer = { status: 200, body: JSON.stringify(dashboard) };
    const { page } = await open();
    await page.click('details[data-list="issues"] > summary');
    const rows = await cells(page, '#issues tbody tr');
    const byDays = new Map(rows.map((r) => [r[4], r.slice(-3)]));
    expect(byDays.get('41')).toEqual([
      '41 days ago by @<img src=x onerror=alert(1)>',
      '<img src=x onerror=alert(1)>',
      'attributed',
    ]);
    expect(byDays.get('33')).toEqual(['33 days ago', '—', 'assumed']);
    expect(await page.locator('#issues img').count()).toBe(0);
    await page.context().close();
  });

  it('filters, sorts and pages the issue list by keyboard alone', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(manyStaleIssues(120)) };
    const { page, problems } = await open();
    const summary = page.locator('details[data-list="issues"] > summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('details[data-list="issues"]', 'open')).toBe('');
    const status = () => page.textContent('#issues .pager-status');
    expect(await status()).toBe('Showing 1–25 of 120, page 1 of 5.');

    // Track filter, then status filter: Tab from the summary reaches them in order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-filter'))).toBe('track');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-filter'))).toBe('status');
    await page.keyboard.press('ArrowDown'); // "escalated"
    expect(await status()).toBe('Showing 1–12 of 12 (filtered from 120), page 1 of 1.');
    const statuses = await page.$$eval('#issues tbody tr td:nth-of-type(3)', (tds) => [
      ...new Set(tds.map((t) => t.textContent)),
    ]);
    expect(statuses).toEqual(['escalated']);
    await page.keyboard.press('ArrowUp'); // back to all
    expect(await status()).toBe('Showing 1–25 of 120, page 1 of 5.');

    // Assignee: "Unassigned" is the first choice after "Anyone".
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await status()).toBe('Showing 1–25 of 40 (filtered from 120), page 1 of 2.');
    const assignees = await page.$$eval('#issues tbody tr td:nth-of-type(5)', (tds) => [
      ...new Set(tds.map((t) => t.textContent)),
    ]);
    expect(assignees).toEqual(['unassigned']);
    await page.keyboard.press('ArrowUp');

    // Next page by keyboard: focus the button and press Enter.
    await page.locator('#issues button', { hasText: 'Next page' }).focus();
    await page.keyboard.press('Enter');
    expect(await status()).toBe('Showing 26–50 of 120, page 2 of 5.');
    await page.keyboard.press('Enter');
    expect(await status()).toBe('Showing 51–75 of 120, page 3 of 5.');

    // Sorting by a column header button (Enter) resets to the first page.
    const issueSort = page.locator('#issues th button', { hasText: 'Issue' });
    await issueSort.focus();
    await page.keyboard.press('Enter');
    expect(await status()).toBe('Showing 1–25 of 120, page 1 of 5.');
    expect((await cells(page, '#issues tbody tr')).slice(0, 2).map((r) => r[0])).toEqual(['#1000', '#1001']);
    expect(await page.getAttribute('#issues th[aria-sort]', 'aria-sort')).toBe('ascending');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('stays short and quick with 10,000 stale issues (figures recorded, bounds generous)', async () => {
    const dashboard = manyStaleIssues(10_000);
    const body = JSON.stringify(dashboard);
    dashboardAnswer = { status: 200, body };
    const desktop = await open();
    const renderMs = Number(await desktop.page.getAttribute('body', 'data-render-ms'));
    const heightCollapsed = await pageHeight(desktop.page);
    expect(await desktop.page.textContent('details[data-list="issues"] > summary')).toBe(
      '10,000 issues: 1,000 escalated, 9,000 stale',
    );
    expect(await aboveTheFold(desktop.page, 'ul.counts')).toBe(true);
    await desktop.page.click('details[data-list="issues"] > summary');
    const heightOpen = await pageHeight(desktop.page);
    // Only one page of rows is ever in the document.
    expect(await desktop.page.locator('#issues tbody tr').count()).toBe(25);
    await desktop.page.context().close();

    const phone = await open({ viewport: PHONE });
    const phoneHeight = await pageHeight(phone.page);
    await phone.page.context().close();

    figures.tenThousandStale = {
      dashboardJsonBytes: body.length,
      renderMs,
      desktopHeightCollapsed: heightCollapsed,
      desktopHeightListOpen: heightOpen,
      phoneHeightCollapsed: phoneHeight,
    };
    console.log('10,000 stale issues:', figures.tenThousandStale);
    expect(heightCollapsed).toBeLessThan(6_000);
    expect(heightOpen).toBeLessThan(9_000);
    expect(phoneHeight).toBeLessThan(12_000);
  });

  it('is readable on a phone: first screen, cards instead of tables, dark mode', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(fullDashboard()) };
    const phone = await open({ viewport: PHONE, dark: true });
    for (const selector of ['.verdict', 'ul.counts', '.freshness'])
      expect(await aboveTheFold(phone.page, selector), selector).toBe(true);
    // No horizontal scrolling of the page; table rows are cards with their column names.
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const row = phone.page.locator('#health tr[data-stage="sync"]');
    expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
    expect(
      await phone.page
        .locator('#health thead')
        .first()
        .evaluate((t) => t.getBoundingClientRect().height),
    ).toBeLessThanOrEqual(1);
    const stageTable = (await phone.page.locator('#health .table-wrap').first().boundingBox())!;
    expect(stageTable.height).toBeLessThan(1_400);
    await phone.page.locator('#health').screenshot({ path: join(SHOTS, 'phone-dark-stages.png') });

    const background = await phone.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    figures.phone = {
      pageHeight: await pageHeight(phone.page),
      stageTableHeight: Math.round(stageTable.height),
    };
    expect(phone.problems).toEqual([]);
    await phone.page.screenshot({ path: join(SHOTS, 'phone-dark-top.png') });
    await phone.page.screenshot({ path: join(SHOTS, 'phone-dark-full.png'), fullPage: true });
    await phone.page.context().close();

    const light = await open({ viewport: PHONE });
    await light.page.screenshot({ path: join(SHOTS, 'phone-top.png') });
    await light.page.context().close();
  });

  for (const dark of [false, true]) {
    it(`has no axe violations in ${dark ? 'dark' : 'light'} mode, lists open`, async () => {
      dashboardAnswer = { status: 200, body: JSON.stringify(fullDashboard()) };
      const { page } = await open({ dark });
      await page.$$eval('details', (all) => {
        for (const d of all) (d as HTMLDetailsElement).open = true;
      });
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize(PHONE);
      expect(await axeViolations(page)).toEqual([]);
      if (dark) await page.screenshot({ path: join(SHOTS, 'desktop-dark-top.png') });
      await page.context().close();
    });
  }

  it('draws the charts under a POSIX browser locale (en-US@posix)', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(fullDashboard()) };
    const { page, problems } = await open({ language: 'en-US@posix' });
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    expect(await page.getAttribute('html', 'data-locale-fallback')).toBe('en-US@posix → en-US');
    expect(await page.locator('#trends .uplot canvas').count()).toBe(4);
    expect(await page.locator('#trends .empty').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('gives one or two points a time axis of a week, not seconds or years', async () => {
    for (const points of [1, 2]) {
      const dashboard = fullDashboard({ points });
      if (points === 2)
        dashboard.history[0]!.at = new Date(Date.parse(dashboard.history[1]!.at) - 3400).toISOString();
      dashboardAnswer = { status: 200, body: JSON.stringify(dashboard) };
      const { page } = await open();
      expect(await page.locator('#trends .uplot canvas').count()).toBe(4);
      const ranges = await page.$$eval('#trends .chart-area', (areas) =>
        areas.map((a) => a.getAttribute('data-x-range')),
      );
      for (const range of ranges) {
        const [min, max] = range!.split(' ').map(Number);
        const days = (max! - min!) / 86_400;
        expect(days).toBeGreaterThanOrEqual(7);
        expect(days).toBeLessThan(8);
      }
      if (points === 1)
        await page.locator('#trends').screenshot({ path: join(SHOTS, 'trends-first-run.png') });
      await page.context().close();
    }
  });

  it('warns visibly when the data is older than the schedule allows', async () => {
    // Merges every six hours, the last one three days ago: the pipeline stopped.
    dashboardAnswer = {
      status: 200,
      body: JSON.stringify(fullDashboard({ generatedAt: Date.now() - 72 * HOUR })),
    };
    const { page } = await open();
    expect(await page.getAttribute('.freshness', 'data-fresh')).toBe('false');
    expect(await page.getAttribute('.freshness', 'role')).toBe('alert');
    expect(await page.textContent('.freshness')).toMatch(
      /^Data is out of date\. Last pipeline run .* \(3 days ago\) · run 9100\. Merges usually come at least every 6 hours: check that the pipeline workflow still runs\.$/,
    );
    expect(await aboveTheFold(page, '.freshness')).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'stale-data.png') });
    await page.context().close();

    // Fresh data with the same history: no warning.
    dashboardAnswer = {
      status: 200,
      body: JSON.stringify(fullDashboard({ generatedAt: Date.now() - 5 * HOUR })),
    };
    const fresh = await open();
    expect(await fresh.page.getAttribute('.freshness', 'data-fresh')).toBe('true');
    expect(await fresh.page.getAttribute('.freshness', 'role')).toBeNull();
    await fresh.page.context().close();
  });

  it('is usable with a keyboard: skip link first, then the section links', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(fullDashboard()) };
    const { page } = await open();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Codex review');
    await page.context().close();
  });

  it('renders a partial dashboard: missing components and an empty history', async () => {
    dashboardAnswer = { status: 200, body: JSON.stringify(partialDashboard()) };
    const { page, problems, requests } = await open();
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    const health = await cells(page, '#health tbody tr');
    expect(health.find((r) => r[0] === 'Self-test')![1]).toBe('ok');
    expect(health.find((r) => r[0] === 'Supervisor')!.slice(1, 2)).toEqual(['no telemetry']);
    expect(await page.textContent('.verdict-line')).toBe('No verdict yet no supervisor telemetry');
    expect(await page.textContent('#overview .empty')).toBe('No supervisor or activity telemetry yet.');
    expect(await page.textContent('.all-ok')).toBe('Every stage with telemetry ran ok.');
    expect(await page.textContent('ul.counts')).toContain('first run');
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
