/**
 * Screenshots of a served dashboard as a person first sees it (no scrolling): a desktop in light
 * mode, a phone, a desktop in dark mode. Used by `npm run demo -- --screenshots DIR` for
 * docs/dashboard.md. Chromium comes from @sparticuz/chromium, driven by playwright-core.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium as pwChromium } from 'playwright-core';

const SHOTS = [
  { file: 'dashboard-desktop.png', viewport: { width: 1440, height: 900 }, dark: false },
  { file: 'dashboard-phone.png', viewport: { width: 390, height: 844 }, dark: false },
  { file: 'dashboard-dark.png', viewport: { width: 1440, height: 900 }, dark: true },
] as const;

export async function screenshotDashboard(url: string, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const chromium = (await import('@sparticuz/chromium')).default;
  const browser = await pwChromium.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((a) => a !== '--single-process'),
    headless: true,
  });
  const written: string[] = [];
  try {
    for (const shot of SHOTS) {
      const context = await browser.newContext({
        viewport: shot.viewport,
        colorScheme: shot.dark ? 'dark' : 'light',
        locale: 'en-US',
      });
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-state]');
      const file = path.join(dir, shot.file);
      await page.screenshot({ path: file });
      written.push(file);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return written;
}
