import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, profileEnv, SCREENSHOT_DIR } from './browser.js';

// The dashboard's pages in Debian's Chromium: the browser, server and accessibility check are the
// public pages' (browser.ts); the dashboard's tests want a plain browser rather than one context.
export { chromiumAvailable, expectAccessible, serveApp as serveOnLoopback } from './browser.js';

export async function launch(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'takedown-dashboard-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, `--disk-cache-dir=${join(profile, 'cache')}`],
    env: profileEnv(profile),
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-${name}.png`), fullPage: true });
}
