import { serve } from '@hono/node-server';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

// Real pages in a real browser: Debian's Chromium driven by playwright-core, the app served
// in-process on a loopback port, platforms mocked by a loopback HTTP server.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

// Headless, quiet (no updates, sync or background traffic), and sandbox-free for CI's root user.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Chromium's own files (config, cache) go into the test's throw-away profile, not the user's home.
export function profileEnv(profile: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile };
}

// One Chromium per test, on a fresh, empty profile (its own --user-data-dir, removed afterwards),
// so no cookie, cache or history from another test can leak in.
export async function launchChromium(
  options: { javaScript?: boolean; locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'takedown-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: profileEnv(profile),
    javaScriptEnabled: options.javaScript ?? true,
    locale: options.locale,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface Served {
  origin: string;
  close(): Promise<void>;
}

export async function serveApp(fetch: (request: Request) => Response | Promise<Response>): Promise<Served> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface MockPlatformCall {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** A platform on loopback that accepts every notice, and a neutral page for the quick exit. */
export async function startMockPlatform(): Promise<Served & { calls: MockPlatformCall[] }> {
  const calls: MockPlatformCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!DOCTYPE html><html lang="en"><title>${req.url}</title><h1>${req.url === '/weather' ? 'Weather' : 'Elsewhere'}</h1></html>`,
        );
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      calls.push({ path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : null });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ticketId: `MOCK-${calls.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core at WCAG 2.2 AA (and everything below it): no violation may remain. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  // Evaluated through the DevTools protocol, not as a <script>: the page's CSP stays as strict as
  // in production.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: any }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n: any) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  expect(violations, `axe violations on ${state}:\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

export const SCREENSHOT_DIR = join(process.cwd(), 'test', 'screenshots');

/**
 * Full-page screenshots at a phone's width (360 px) and a desktop's (1280 px), after checking the
 * page reflows without sideways scrolling at 320 px (WCAG 1.4.10: 1280 px at 400 % zoom).
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(0);
  const weight = await pageWeight(page);
  expect(weight, `${name}: the page and everything it loaded`).toBeGreaterThan(1000);
  expect(weight, `${name}: the page and everything it loaded`).toBeLessThan(50 * 1024);
  for (const [label, width, height] of [
    ['phone', 360, 740],
    ['desktop', 1280, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${label}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** Bytes of the document and every resource it loaded, uncompressed. */
export function pageWeight(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce(
      (n, e) => n + (e as PerformanceResourceTiming).decodedBodySize,
      0,
    ),
  );
}

/** Every request a page makes, to prove none leaves the service's own origin. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}

/**
 * Console errors and uncaught exceptions: a CSP violation shows up here. Chromium also logs every
 * 4xx page as "Failed to load resource"; the form answers 400 and the lookup 404 on purpose.
 */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      errors.push(m.text());
    }
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
