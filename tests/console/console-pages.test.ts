// The console in Chromium against one local cloud: acting as riders in GraphiQL (a result, then a
// refusal with the @auth rules beside it), making a Dispatcher on the user pool page and acting as
// them, browsing the Ride table, the request log of those requests; axe on every page.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/local/cloud.js';
import { ensureConsoleBuilt, mountConsole, type ConsoleUrls } from '../../src/local/console/index.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileProject } from '../../src/compiler/compile-project.js';
import { readBuildFolder } from '../../src/local/appsync/api-definition.js';
import { watchApiSource, type SchemaReloader } from '../../src/local/schema-reload.js';
import { projectCopy } from '../local/helpers.js';
import { launchChromium } from '../support/browser.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';

const projectRoot = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'Passw0rd!local';

describe('the local console in Chromium', () => {
  let cloud: LocalCloud;
  let urls: ConsoleUrls;
  let browser: Browser;
  let page: Page;
  let rideId: string;
  let work: Awaited<ReturnType<typeof projectCopy>>;
  let reloader: SchemaReloader;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // A copy of the project: the last test edits its schema file.
    work = await projectCopy('console-pages-');
    const { buildDir } = await compileProject(work.dir);
    cloud = await startCloudOnFreePorts({ projectRoot: work.dir, api: readBuildFolder(buildDir) });
    reloader = watchApiSource(cloud, { projectRoot: work.dir, apiName: 'wildrydes', log: () => {}, debounceMs: 50 });
    urls = mountConsole(cloud, { reloadStatus: reloader.status });
    for (const name of ['alice', 'bob']) {
      await cloud.cognito.admin('AdminCreateUser', { Username: name, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }] });
      await cloud.cognito.admin('AdminSetUserPassword', { Username: name, Password: PASSWORD, Permanent: true });
    }
    browser = await launchChromium({ trustCertPems: [cloud.serverCertPem] });
    // A context of its own: axe's analysis needs one.
    page = await (await browser.newContext()).newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    reloader?.close();
    await cloud?.close();
    await work?.remove();
  });

  async function actAs(username: string) {
    await page.getByLabel('Act as', { exact: true }).selectOption(username);
    await page.getByRole('button', { name: 'Act as this user' }).click();
    await expect.poll(() => page.getByTestId('identity-username').textContent()).toBe(username);
  }

  async function run(query: string) {
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    await page.getByRole('button', { name: /Execute query/ }).click();
  }

  const response = () => page.locator('.result-window').first();
  // The result editor wraps long lines (narrower while the docs are open): whitespace is not content.
  const responseJson = async () => ((await response().textContent()) ?? '').replace(/\s+/g, '');

  it("shows the schema's docs before a user is chosen, and asks for a user to run an operation", async () => {
    await page.goto(urls.explorer);
    await expect.poll(() => page.getByText('Not acting as anyone yet.').isVisible()).toBe(true);
    const docs = page.getByRole('region', { name: 'Documentation Explorer' });
    // Open on the first load, with the root types of the served schema.
    await expect.poll(async () => (await docs.isVisible()) && ((await docs.textContent()) ?? ''), { timeout: 30_000 }).toMatch(/Query.*Mutation.*Subscription/s);
    await docs.getByRole('link', { name: 'Query' }).first().click();
    await expect.poll(async () => (await docs.textContent()) ?? '', { timeout: 10_000 }).toMatch(/^(?=.*getRide)(?=.*listUnicorns)/s);
    const found = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(found.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await run('{ listUnicorns { items { id } } }');
    await expect
      .poll(async () => ((await response().textContent()) ?? '').replace(/\s+/g, ' '), { timeout: 20_000 })
      .toContain('Choose a user to act as (above): every request runs as a user of the local pool.');
  });

  it('acts as a rider and runs a query with their token', async () => {
    await page.goto(urls.explorer);
    await actAs('alice');
    await run('mutation RequestRide { createRide(input: {pickup: {latitude: 47.6, longitude: -122.3}, requestedAt: "2026-11-30T10:00:00.000Z"}) { id status } }');
    await expect.poll(responseJson, { timeout: 20_000 }).toMatch(/"status":"REQUESTED"/);
    rideId = /"id":"([0-9a-f-]{36})"/.exec(await responseJson())![1]!;
    await run(`query GetRide { getRide(id: "${rideId}") { id status } }`);
    await expect.poll(responseJson, { timeout: 20_000 }).toContain(rideId);
    expect(await page.getByTestId('refusal').count()).toBe(0);
  });

  it("shows another rider's refusal with the rules of the type and who asked", async () => {
    await actAs('bob');
    await run(`query GetRide { getRide(id: "${rideId}") { id status } }`);
    const refusal = page.getByTestId('refusal');
    await expect.poll(() => refusal.textContent(), { timeout: 20_000 }).toContain('Ran as bob');
    const text = (await refusal.textContent()) ?? '';
    expect(text).toContain('Query.getRide');
    expect(text).toContain('Rules of type Ride');
    expect(text).toMatch(/allow: owner, operations: \[create, read, delete\]/);
    expect(text).toContain(`groups none`);
  });

  it('creates a user on the pool page, adds them to Dispatchers, then acts as them', async () => {
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'User pool' }).click();
    await page.getByLabel('Username').fill('dana');
    await page.getByLabel('Email').fill('dana@example.com');
    await page.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByTestId('user-dana');
    await expect.poll(() => row.textContent()).toContain('CONFIRMED');
    await page.getByLabel('Add dana to a group').selectOption('Dispatchers');
    // The group's name is also an option of the row's select, so the row's text cannot say when the change is done.
    await expect.poll(() => cloud.cognito.users().find((u) => u.username === 'dana')?.groups).toEqual(['Dispatchers']);

    await page.getByRole('link', { name: 'API explorer' }).click();
    await actAs('dana');
    await expect.poll(() => page.getByTestId('identity-groups').textContent()).toBe('Dispatchers');
    await run(`query GetRide { getRide(id: "${rideId}") { id dispatcherNote } }`);
    await expect.poll(responseJson, { timeout: 20_000 }).toContain(rideId);
    expect(await page.getByTestId('refusal').count()).toBe(0);
  });

  it('browses the Ride table', async () => {
    await page.getByRole('link', { name: 'Data' }).click();
    const rides = page.getByRole('button', { name: /^Ride \d+ items/ });
    await expect.poll(() => rides.textContent()).toContain('1 items');
    await rides.click();
    await page.getByRole('button', { name: `Open ${rideId} as JSON` }).click();
    await expect.poll(() => page.getByTestId('item-json').textContent()).toContain('"owner"');
  });

  it('lists those requests with caller, operation and outcome', async () => {
    await page.getByRole('link', { name: 'Requests' }).click();
    const rows = page.getByTestId('request-row');
    await expect.poll(() => rows.allTextContents(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/alice\s*RequestRide\s*mutation.*ok/),
        expect.stringMatching(/bob\s*GetRide\s*query.*Unauthorized \(getRide\)/),
        expect.stringMatching(/dana\s*GetRide\s*query.*ok/),
      ]),
    );
    await rows.filter({ hasText: 'RequestRide' }).getByRole('button', { name: /templates/ }).click();
    await page.getByRole('button', { name: /Mutation\.createRide\.postAuth\.2\.req\.vtl/ }).click();
    await expect.poll(() => page.locator('pre').last().textContent()).toContain('REQUESTED');
  });

  it('has no serious or critical accessibility violation on any page', async () => {
    const found: string[] = [];
    // The explorer with two editor tabs, so that the tab list's close buttons are checked too.
    await page.goto(urls.explorer);
    await page.getByRole('button', { name: 'New tab' }).click();
    await expect.poll(() => page.getByRole('tab').count()).toBeGreaterThan(1);
    const ready = { [urls.explorer]: '.graphiql-container [role=tab]', [urls.users]: 'text=alice', [urls.data]: 'text=Ride-', [urls.requests]: '[data-testid=request-row]' };
    for (const [url, selector] of Object.entries(ready)) {
      await page.goto(url);
      await page.locator(selector).first().waitFor();
      const result = await new AxeBuilder({ page }).analyze();
      for (const violation of result.violations) {
        if (violation.impact === 'serious' || violation.impact === 'critical') {
          found.push(`${url}: ${violation.id} (${violation.impact}) ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        }
      }
    }
    expect(found).toEqual([]);

    // The close buttons left the tab order: Delete on a tab closes it.
    await page.goto(urls.explorer);
    const tabs = page.getByRole('tab');
    // A tab of its own: the one added above is restored only if GraphiQL saved it (a debounced write)
    // before the page was left, which a loaded machine does not always do.
    await tabs.first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'New tab' }).click();
    await expect.poll(() => tabs.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const before = await tabs.count();
    await tabs.last().focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => tabs.count(), { timeout: 30_000 }).toBe(before - 1);
  }, 180_000);

  it("shows a field added to the schema file in the explorer's docs, without a restart", async () => {
    await page.goto(urls.explorer);
    await page.locator('.graphiql-container').waitFor();
    const schemaFile = join(work.dir, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql');
    const schema = await readFile(schemaFile, 'utf8');
    await writeFile(schemaFile, schema.replace('  available: Boolean\n', '  available: Boolean\n  unicornMood: String\n'));
    await expect.poll(() => reloader.status().version, { timeout: 60_000 }).toBe(1);
    // The page notices the reload and GraphiQL introspects again; its docs search then finds the field.
    await expect
      .poll(
        async () => {
          const docs = page.getByRole('region', { name: 'Documentation Explorer' });
          if (!(await docs.isVisible())) await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').click();
          await docs.locator('[data-cy=doc-explorer-input]').fill('unicornMood');
          return (await docs.textContent()) ?? '';
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain('unicornMood');
  });
});
