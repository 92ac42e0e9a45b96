// The web app as the page tests use it: built by Vite when its sources changed (as `npm start` does),
// served on a local cloud's HTTPS origin, opened in Debian's Chromium that trusts exactly that
// server's key. People are browser contexts; an admin SDK client of the pool makes staff accounts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LocalCloud } from '../../src/local/cloud.js';
import { buildWebApp, distributionDir, mountWebApp, staleWebBuildReason } from '../../src/local/web-host/index.js';
import { launchChromium } from './browser.js';
import { startTrustedCloud } from './local-cloud.js';

export const projectRoot = join(import.meta.dirname, '..', '..');

export async function ensureWebBuild(): Promise<void> {
  if (staleWebBuildReason(projectRoot)) await buildWebApp(projectRoot);
}

export interface WebWorld {
  cloud: LocalCloud;
  browser: Browser;
  url(path?: string): string;
  /** A new person: a browser context of their own (own storage, own session). */
  person(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startWebWorld(): Promise<WebWorld> {
  await ensureWebBuild();
  const cloud = await startTrustedCloud({ projectRoot });
  mountWebApp(cloud, { distDir: distributionDir(projectRoot), clientConfig: cloud.config });
  const browser = await launchChromium({ trustCertPems: [cloud.serverCertPem] });
  const contexts: BrowserContext[] = [];
  return {
    cloud,
    browser,
    url: (path = '/') => new URL(path, cloud.graphqlEndpoint).href,
    async person() {
      const context = await browser.newContext({ viewport: { width: 1200, height: 860 }, locale: 'en-US', timezoneId: 'UTC' });
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    async close() {
      await browser.close();
      await cloud.close();
    },
  };
}

/** Signs in through the Authenticator's form, as a person would. */
export async function signInWithForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('tab', { name: 'Sign In' }).click();
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${where}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** docs/screenshots/<name>.png, only when WILDRYDES_SCREENSHOTS=1 (npm test leaves the tree clean). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.WILDRYDES_SCREENSHOTS !== '1') return;
  const dir = join(projectRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
