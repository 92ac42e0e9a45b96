// The page-test setup itself: Chromium reaches a page mounted on the local cloud's HTTPS origin
// because it trusts that server's key, and only because of that pin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LocalCloud } from '../../src/local/cloud.js';
import { launchChromium } from '../support/browser.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';

const projectRoot = new URL('../..', import.meta.url).pathname;

describe('Chromium against the local cloud', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startCloudOnFreePorts({ projectRoot });
    cloud.mount('/hello', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html lang="en"><title>Hello</title><h1>Hello from the local cloud</h1></html>');
    });
  });
  afterAll(() => cloud?.close());

  async function visit(browser: Browser, path: string) {
    const page = await browser.newPage();
    try {
      await page.goto(new URL(path, cloud.graphqlEndpoint).href);
      return await page.getByRole('heading').textContent();
    } finally {
      await page.close();
    }
  }

  it('opens a mounted page when the server key is pinned', async () => {
    const browser = await launchChromium({ trustCertPems: [cloud.serverCertPem] });
    try {
      expect(await visit(browser, '/hello')).toBe('Hello from the local cloud');
    } finally {
      await browser.close();
    }
  });

  it('refuses the certificate without the pin', async () => {
    const browser = await launchChromium();
    try {
      await expect(visit(browser, '/hello')).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await browser.close();
    }
  });

  it('keeps /graphql for the API', () => {
    expect(() => cloud.mount('/graphql', () => {})).toThrow(/belongs to the GraphQL endpoint/);
  });
});
