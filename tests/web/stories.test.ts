// The web app's stories, each driven through the page by roles and names as a person would, against
// a local cloud started here, in Debian's Chromium trusting exactly that cloud's key. One cloud and
// one browser for the file; each person is a browser context.
import { AdminUserGlobalSignOutCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, createUnicorn, dispatchRide, NotAuthorizedError, requestRide, signIn, type WildRydesClient } from '../../src/client/index.js';
import { createConfirmedUser } from '../support/cognito-users.js';
import { expectAccessible, screenshot, signInWithForm, startWebWorld, type WebWorld } from '../support/web-app.js';

const PASSWORD = 'Wild-Rydes-1';
// SRP in the page and several people per story: minutes on a loaded machine, not seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });
let world: WebWorld;
let admin: CognitoIdentityProviderClient;

beforeAll(async () => {
  world = await startWebWorld();
  // With the SDK's retries: a kept-alive socket the pool has closed meanwhile is retried, not a failure.
  const pool = world.cloud.cognito;
  admin = new CognitoIdentityProviderClient({ region: pool.region, endpoint: pool.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}, 120_000);
afterAll(async () => {
  admin?.destroy();
  await world?.close();
});

async function staff(username: string, groups: string[]): Promise<WildRydesClient> {
  await createConfirmedUser(admin, world.cloud.cognito.userPoolId, username, PASSWORD, groups);
  const client = createClient(world.cloud.config);
  await signIn(client, { username, password: PASSWORD });
  return client;
}

async function signedInPage(username: string, path = '/'): Promise<Page> {
  const { page } = await world.person();
  await page.goto(world.url(path));
  await signInWithForm(page, username, PASSWORD);
  await eventually(() => page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
  return page;
}

const visible = (page: Page, text: string | RegExp) => page.getByText(text).first().isVisible();
// A page answers when it answers: on a loaded 2-core machine that can take seconds (no timing is
// asserted; the bench measures speed).
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 30_000, interval: 100 });

describe('everyone', () => {
  it('creates an account with the code the pool sends, confirms it and lands signed in', async () => {
    const { page } = await world.person();
    await page.goto(world.url('/'));
    await eventually(() => page.getByRole('tab', { name: 'Sign In' }).isVisible()).toBe(true);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByRole('tab', { name: 'Create Account' }).click();
    await page.getByRole('textbox', { name: 'Username' }).fill('riley');
    await page.getByRole('textbox', { name: 'Email' }).fill('riley@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm Password').fill(PASSWORD);
    await expectAccessible(page, 'create account');
    await screenshot(page, 'create-account');
    await page.getByRole('button', { name: 'Create Account' }).click();
    await eventually(() => world.cloud.cognito.lastCode('riley')).toBeTruthy();
    const code = page.getByRole('textbox', { name: /Confirmation Code/i });
    await code.fill('000000' === world.cloud.cognito.lastCode('riley') ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await eventually(() => visible(page, 'Invalid verification code provided, please try again.')).toBe(true);
    await code.fill(world.cloud.cognito.lastCode('riley')!);
    await screenshot(page, 'confirm-sign-up');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await eventually(() => page.getByRole('heading', { name: 'Request a ride' }).isVisible()).toBe(true);
    await expectAccessible(page, 'request a ride');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => page.getByRole('tab', { name: 'Sign In' }).isVisible()).toBe(true);
  });

  it("shows Cognito's own messages: wrong password, weak password, taken username", async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'wendy', PASSWORD);
    const { page } = await world.person();
    await page.goto(world.url('/'));
    await signInWithForm(page, 'wendy', 'not-her-password');
    await eventually(() => visible(page, 'Incorrect username or password.')).toBe(true);
    await screenshot(page, 'wrong-password');
    // What the person typed stays in the form.
    expect(await page.getByRole('textbox', { name: 'Username' }).inputValue()).toBe('wendy');

    await page.getByRole('tab', { name: 'Create Account' }).click();
    await page.getByRole('textbox', { name: 'Username' }).fill('walt');
    await page.getByRole('textbox', { name: 'Email' }).fill('walt@example.com');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm Password').fill('short');
    await page.getByRole('button', { name: 'Create Account' }).click();
    await eventually(() => visible(page, 'Password did not conform with policy: Password not long enough')).toBe(true);

    await page.getByRole('textbox', { name: 'Username' }).fill('wendy');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create Account' }).click();
    await eventually(() => visible(page, 'User already exists')).toBe(true);
  });

  it('resets a forgotten password with the code the pool sends', async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'fern', PASSWORD);
    const { page } = await world.person();
    await page.goto(world.url('/'));
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByRole('textbox', { name: 'Username' }).fill('fern');
    await page.getByRole('button', { name: 'Send code' }).click();
    await eventually(() => world.cloud.cognito.lastCode('fern')).toBeTruthy();
    await page.getByRole('textbox', { name: 'Code' }).fill(world.cloud.cognito.lastCode('fern')!);
    await page.getByLabel('New Password', { exact: true }).fill('Fresh-Rydes-2');
    await page.getByLabel('Confirm Password').fill('Fresh-Rydes-2');
    await page.getByRole('button', { name: 'Submit' }).click();
    await eventually(() => page.getByRole('button', { name: 'Sign out' }).isVisible().then(async (inside) => inside || (await page.getByRole('tab', { name: 'Sign In' }).isVisible()))).toBe(true);
    if (!(await page.getByRole('button', { name: 'Sign out' }).isVisible())) {
      await page.getByRole('textbox', { name: 'Username' }).fill('fern');
      await page.getByLabel('Password', { exact: true }).fill('Fresh-Rydes-2');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    }
    await eventually(() => page.getByRole('heading', { name: 'Request a ride' }).isVisible()).toBe(true);
  });
});

describe('riders and dispatchers', () => {
  let adminSdk: WildRydesClient;
  beforeAll(async () => {
    adminSdk = await staff('ada', ['Admins']);
    await staff('dana', ['Dispatchers']);
    await createUnicorn(adminSdk, { name: 'Shadowfax', color: '#c0c0c0', available: true });
    await createUnicorn(adminSdk, { name: 'Rocinante', color: '#8b4513', available: true });
  });

  it('a rider requests a ride on the map; the board shows it live; a dispatcher assigns a unicorn; the rider sees it without reloading', async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'rosa', PASSWORD);
    const rider = await signedInPage('rosa');
    await eventually(() => visible(rider, /^Live: ride updates/)).toBe(true);
    const board = await signedInPage('dana', '/dispatch');
    await eventually(() => visible(board, /^Live: ride requests/)).toBe(true);

    await rider.getByRole('application', { name: /City map/ }).click({ position: { x: 330, y: 260 } });
    expect(await rider.locator('#pickup-summary').textContent()).toMatch(/^Pickup point: .*47\.\d{4}, -122\.\d{4}/);
    await screenshot(rider, 'request-ride');
    await rider.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await rider.getByRole('button', { name: 'Request ride' }).click();
    await eventually(() => visible(rider, /Status: REQUESTED/)).toBe(true);

    const card = board.getByRole('listitem', { name: 'Ride of rosa' });
    await eventually(() => card.isVisible()).toBe(true);
    await expectAccessible(board, 'dispatch board');
    await screenshot(board, 'dispatch-board');
    await card.getByLabel('Unicorn').selectOption({ label: 'Shadowfax' });
    await card.getByLabel('Fare ($)').fill('12.50');
    await card.getByLabel('Note').fill('north gate');
    await card.getByRole('button', { name: 'Assign' }).click();

    await eventually(() => visible(rider, 'Status: DISPATCHED. Shadowfax is on the way.')).toBe(true);
    expect(await rider.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await expectAccessible(rider, 'ride dispatched');
    await screenshot(rider, 'ride-dispatched');

    const onTheWay = board.getByRole('listitem', { name: 'Ride of rosa on the way' });
    await eventually(() => onTheWay.textContent()).toMatch(/Shadowfax · \$12\.50 · north gate/);
    expect(await board.getByRole('list', { name: 'Fleet availability' }).textContent()).toMatch(/Shadowfax: busy/);
    await onTheWay.getByRole('button', { name: 'Mark completed' }).click();
    await eventually(() => visible(rider, /Status: COMPLETED/)).toBe(true);
    await eventually(() => board.getByRole('list', { name: 'Fleet availability' }).textContent()).toMatch(/Shadowfax: available/);
  });

  it('a rider cancels a requested ride and it leaves the board', async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'carl', PASSWORD);
    const rider = await signedInPage('carl');
    const board = await signedInPage('dana', '/dispatch');
    await eventually(() => visible(board, /^Live: ride requests/)).toBe(true);
    await rider.getByRole('button', { name: 'Pioneer Square' }).click();
    await rider.getByRole('button', { name: 'Request ride' }).click();
    const card = board.getByRole('listitem', { name: 'Ride of carl' });
    await eventually(() => card.isVisible()).toBe(true);
    await rider.getByRole('button', { name: 'Cancel ride' }).click();
    await eventually(() => visible(rider, 'Your ride was cancelled.')).toBe(true);
    await eventually(() => card.isVisible()).toBe(false);
  });

  it('pages through my rides, newest first', async () => {
    const pat = await staff('pat', []);
    for (let day = 1; day <= 7; day++) {
      await requestRide(pat, { pickup: { latitude: 47.61, longitude: -122.33 }, requestedAt: `2026-01-0${day}T10:00:00.000Z` });
    }
    const page = await signedInPage('pat');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My rides' }).click();
    const dates = () => page.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.querySelector('td')?.textContent?.split(',')[0]));
    await eventually(dates).toEqual(['1/7/2026', '1/6/2026', '1/5/2026', '1/4/2026', '1/3/2026']);
    await expectAccessible(page, 'my rides');
    await screenshot(page, 'my-rides');
    await page.getByRole('button', { name: 'Next page' }).click();
    await eventually(dates).toEqual(['1/2/2026', '1/1/2026']);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await eventually(dates).toEqual(['1/7/2026', '1/6/2026', '1/5/2026', '1/4/2026', '1/3/2026']);
  });

  it('edits the rider profile; a refused phone number keeps what was typed', async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'pia', PASSWORD);
    const page = await signedInPage('pia', '/profile');
    await page.getByRole('textbox', { name: 'Name' }).fill('Pia Rider');
    await page.getByRole('textbox', { name: 'Phone' }).fill('12345');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toMatch(/not accepted/);
    expect(await page.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('Pia Rider');
    await page.getByRole('textbox', { name: 'Phone' }).fill('+12065550123');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await eventually(() => visible(page, 'Your profile was saved.')).toBe(true);
    await expectAccessible(page, 'profile');
    await screenshot(page, 'profile');
    await page.reload();
    await eventually(() => page.getByRole('textbox', { name: 'Phone' }).inputValue()).toBe('+12065550123');
  });

  it('an admin adds, renames and removes a unicorn, and reads the riders\' profiles', async () => {
    const page = await signedInPage('ada');
    await page.getByRole('link', { name: 'Fleet' }).click();
    await page.getByRole('textbox', { name: 'Name' }).first().fill('Buttercup');
    await page.getByRole('button', { name: 'Add unicorn' }).click();
    await eventually(() => visible(page, 'Buttercup joined the fleet.')).toBe(true);
    const row = page.getByRole('listitem', { name: /^Buttercup/ });
    await eventually(() => row.isVisible()).toBe(true);
    await expectAccessible(page, 'fleet');
    await screenshot(page, 'fleet');
    await row.getByRole('textbox', { name: 'Name' }).fill('Buttercup the Bold');
    await row.getByRole('button', { name: 'Save' }).click();
    const renamed = page.getByRole('listitem', { name: /^Buttercup the Bold/ });
    await eventually(() => renamed.isVisible()).toBe(true);
    page.once('dialog', (dialog) => void dialog.accept());
    await renamed.getByRole('button', { name: 'Remove' }).click();
    await eventually(() => visible(page, 'Buttercup the Bold left the fleet.')).toBe(true);

    await page.getByRole('link', { name: 'Riders' }).click();
    await eventually(() => page.getByRole('listitem', { name: /^Pia Rider/ }).isVisible()).toBe(true);
    await expectAccessible(page, 'riders');
    await screenshot(page, 'riders');
  });

  it('a rider who types a dispatcher URL is told it is not allowed, and the API refuses anyway', async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'nico', PASSWORD);
    const page = await signedInPage('nico', '/dispatch');
    await eventually(() => page.getByRole('heading', { name: 'Not allowed' }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Request a ride', 'My rides', 'Profile']);
    await expectAccessible(page, 'not allowed');
    await screenshot(page, 'not-allowed');
    const nico = createClient(world.cloud.config);
    await signIn(nico, { username: 'nico', password: PASSWORD });
    const ride = await requestRide(nico, { pickup: { latitude: 47.61, longitude: -122.33 } });
    await expect(dispatchRide(nico, { rideId: ride.id, unicornId: 'any' })).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('an expired session returns to sign-in and keeps the draft', async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'sam', PASSWORD);
    const page = await signedInPage('sam');
    await page.getByRole('application', { name: /City map/ }).click({ position: { x: 500, y: 300 } });
    const draft = await page.locator('#pickup-summary').textContent();
    // The pool ends every session of sam's, as an expiry or a sign-out elsewhere would.
    await admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: world.cloud.cognito.userPoolId, Username: 'sam' }));
    await page.getByRole('button', { name: 'Request ride' }).click();
    await eventually(() => page.getByRole('alert').first().textContent()).toMatch(/session has expired/);
    await screenshot(page, 'session-expired');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await signInWithForm(page, 'sam', PASSWORD);
    await eventually(() => page.locator('#pickup-summary').textContent()).toBe(draft);
    await page.getByRole('button', { name: 'Request ride' }).click();
    await eventually(() => visible(page, /Status: REQUESTED/)).toBe(true);
  });

  it('works with the keyboard alone: pick a pickup point, request and cancel a ride', async () => {
    await createConfirmedUser(admin, world.cloud.cognito.userPoolId, 'kim', PASSWORD);
    const page = await signedInPage('kim');
    const focusOn = async (name: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
        if (label.startsWith(name)) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    await focusOn('City map');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('#pickup-summary').textContent()).toMatch(/^Pickup point: /);
    await focusOn('Request ride');
    await page.keyboard.press('Enter');
    await eventually(() => visible(page, /Status: REQUESTED/)).toBe(true);
    await focusOn('Cancel ride');
    await page.keyboard.press('Enter');
    await eventually(() => visible(page, 'Your ride was cancelled.')).toBe(true);
  });
});
