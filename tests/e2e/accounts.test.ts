// A learner's way from anonymous runs to an account, in Chromium against the real server (a
// fresh PGlite database): a run signed out stays in the browser and joins the account at
// sign-up, exactly once; a name that is markup is shown as text; Submit has the server grade
// the code and shows its verdict (passed for the reference solution, the failed check and the
// diagnosis for a known mistake); API tokens are shown once, work and stop working when
// deleted; passwords change; after signing out and in, the progress page shows the server's
// standing. The steps share one browser profile (its cookies and localStorage) and run in
// order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { findExercise } from '../../graders/exercises/index.ts';
import { exerciseDir } from '../../graders/node/exercise-files.ts';
import {
  collectErrors,
  editorReady,
  launchBrowser,
  pasteCode,
  runAndWait,
} from '../helpers/browser.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

const ID = 'transformer/layer-norm';
const MISTAKE = 'eps-outside-sqrt';
// were it parsed as HTML, an <img> would appear and its onerror would open a dialog
const NAME = '<img src=x onerror=alert(1)>';
const EMAIL = 'markup@example.com';
const PASSWORD = 'first password 1';
const NEW_PASSWORD = 'second password 2';
const GRADING_TIMEOUT_MS = 90_000;

const source = (name: string) => readFileSync(join(exerciseDir(ID), `${name}.ts`), 'utf8');

let site: RunningSite;
let browser: BrowserContext;

beforeAll(async () => {
  site = await startSite();
  browser = await launchBrowser();
}, SITE_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

interface Standing {
  id: string;
  bestScore: number | null;
  passed: boolean;
  runs: number;
  submissions: number;
}

/** The account's standing in ID, asked with the browser's cookie. */
async function standing(page: Page): Promise<Standing> {
  const response = await page.request.get(`${site.baseUrl}/api/progress`);
  expect(response.status()).toBe(200);
  const { exercises } = (await response.json()) as { exercises: Standing[] };
  return exercises.find((e) => e.id === ID)!;
}

/** What localStorage keeps for ID (storage.ts). */
async function localEntry(page: Page): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    (id) => JSON.parse(localStorage.getItem('attention-lab:progress') ?? '{}')[id],
    ID,
  );
}

/** The errors a page logged, less those of requests the test made fail on purpose. */
function unexpected(errors: string[], ...expectedUrls: string[]): string[] {
  return errors.filter((e) => !expectedUrls.some((url) => e.includes(url)));
}

async function openExercise(page: Page): Promise<Locator> {
  await page.goto(`${site.baseUrl}/en/exercises/${ID}/`);
  const widget = page.locator('[data-exercise-widget]');
  await editorReady(widget);
  return widget;
}

/** Clicks Submit and waits until a server verdict containing `text` is shown. */
async function submitAndWait(widget: Locator, text: string): Promise<string> {
  await widget.locator('[data-submit]').click();
  const verdict = widget.locator('[data-results] .exercise-server', { hasText: text });
  await verdict.waitFor({ timeout: GRADING_TIMEOUT_MS });
  await widget.locator('[data-submit]:not([disabled])').waitFor();
  return verdict.innerText();
}

/** The newest submission of ID, as the API has it. */
async function lastSubmission(page: Page) {
  const list = await page.request.get(`${site.baseUrl}/api/submissions?exercise=${ID}`);
  const [newest] = ((await list.json()) as { submissions: { id: number }[] }).submissions;
  const one = await page.request.get(`${site.baseUrl}/api/submissions/${newest!.id}`);
  return ((await one.json()) as { submission: any }).submission as {
    id: number;
    state: string;
    passed: boolean;
    seed: number;
    graderVersion: string;
    checks: { passed: boolean; message: { en: string } }[];
  };
}

describe('accounts in the browser', () => {
  it('keeps a signed-out run in the browser; Submit asks to sign in, without asking the server', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const api: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) api.push(r.url());
    });
    const widget = await openExercise(page);

    await pasteCode(page, widget, source(`mistakes/${MISTAKE}`));
    expect(await runAndWait(page, widget)).not.toContain('All checks passed');
    expect(await localEntry(page)).toMatchObject({ runs: 1, lastPassed: false, merged: false });

    await widget.locator('[data-submit]').click();
    const link = widget.locator('[data-results] .exercise-signin a');
    await link.waitFor();
    expect(await widget.locator('[data-results]').innerText()).toContain('Sign in to submit');
    expect(await link.getAttribute('href')).toBe('/en/account/');
    expect(await widget.locator('[data-submit]').isDisabled()).toBe(false);

    // never signed in: no request to the account API at all (no 401s in the console)
    expect(api).toEqual([]);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 180_000);

  it('signs up with a name that is markup, shows it as text, and merges the local run once', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${site.baseUrl}/en/account/`);
    // the sidebar links to the account page, next to the progress page
    const nav = page.locator('nav a[href="/en/account/"]').first();
    expect(await nav.innerText()).toContain('Account');

    const form = page.locator('form[data-form="sign-up"]');
    await form.getByLabel('Email').fill(EMAIL);
    await form.getByLabel('Name').fill(NAME);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Create an account' }).click();
    await page.locator('[data-user-name]').waitFor();

    expect(await page.locator('[data-user-name]').textContent()).toBe(NAME);
    expect(await page.locator('[data-user-email]').textContent()).toBe(EMAIL);
    expect(await page.locator('[data-user-role]').textContent()).toBe('Learner');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.content()).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(dialogs).toEqual([]);

    // the run made signed out joined the account as one run, and is marked merged
    expect(await standing(page)).toMatchObject({ runs: 1, submissions: 0, bestScore: null });
    expect(await localEntry(page)).toMatchObject({ merged: true });
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 60_000);

  it('runs the reference solution (sent as a run) and submits it: the server says passed', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const widget = await openExercise(page);

    await pasteCode(page, widget, source('solution'));
    expect(await runAndWait(page, widget)).toContain('All checks passed');
    // the run went to the account (fire and forget: it arrives shortly)
    await expect.poll(async () => (await standing(page)).runs, { timeout: 10_000 }).toBe(2);

    const text = await submitAndWait(widget, 'Passed');
    const submission = await lastSubmission(page);
    expect(submission).toMatchObject({ state: 'graded', passed: true });
    expect(text.toLowerCase()).toContain('server verdict'); // the heading is set in capitals by CSS
    expect(text).toContain('Passed (score 100%)');
    expect(text).toContain(`grader version ${submission.graderVersion}`);
    expect(text).toContain(`seed ${submission.seed}`);
    expect(await widget.locator('.exercise-server .check-failed').count()).toBe(0);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 240_000);

  it('submits a known mistake: the server verdict fails, with the check message and the diagnosis', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const widget = await openExercise(page);

    await pasteCode(page, widget, source(`mistakes/${MISTAKE}`));
    const text = await submitAndWait(widget, 'Not passed');
    const submission = await lastSubmission(page);
    expect(submission).toMatchObject({ state: 'graded', passed: false });
    const failed = submission.checks.filter((c) => !c.passed);
    expect(failed.length).toBeGreaterThan(0);
    expect(await widget.locator('.exercise-server .check-failed').count()).toBe(failed.length);
    expect(text).toContain(failed[0]!.message.en);
    const title = findExercise(ID)!.mistakes.find((m) => m.id === MISTAKE)!.title.en;
    expect(text).toContain(`Diagnosis: ${title}`);
    expect(text).toContain(`seed ${submission.seed}`);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 240_000);

  it('makes an API token, shows it once, and deletes it: it stops working', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${site.baseUrl}/en/account/`);
    await page.locator('[data-tokens]:not([aria-busy])').getByText('No tokens yet.').waitFor();

    const form = page.locator('form[data-form="token"]');
    await form.getByLabel('Token name').fill('laptop <b>');
    await form.getByRole('button', { name: 'Create token' }).click();
    const value = page.locator('[data-new-token]:not([hidden]) [data-token-value]');
    await value.waitFor();
    const token = (await value.textContent())!;
    expect(token).toMatch(/^al_/);
    expect(await page.locator('.account-command').innerText()).toContain(`--token ${token}`);
    const row = page.locator('[data-tokens] tr', { hasText: 'laptop <b>' });
    await row.waitFor();
    expect(await page.locator('[data-tokens] b').count()).toBe(0);

    const asToken = () =>
      fetch(`${site.baseUrl}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const me = await asToken();
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe(NAME);

    // shown once: a new visit lists the token without it
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(token);

    await page.getByRole('button', { name: 'Delete the token “laptop <b>”' }).click();
    await page.locator('[data-tokens]').getByText('No tokens yet.').waitFor();
    expect(await page.locator('form[data-form="token"] [data-message]').innerText()).toContain(
      'was deleted',
    );
    expect((await asToken()).status).toBe(401);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  }, 60_000);

  it('changes the password; a wrong current password is refused in words', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.baseUrl}/en/account/`);
    const form = page.locator('form[data-form="password"]');
    const message = form.locator('[data-message]');

    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await message.getByText('The current password is wrong.').waitFor();
    expect(await message.getAttribute('aria-live')).toBe('polite');
    expect(await form.getByRole('button', { name: 'Change password' }).isDisabled()).toBe(false);

    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await message.getByText('Password changed').waitFor();
    // this browser stays signed in
    expect((await page.request.get(`${site.baseUrl}/api/me`)).status()).toBe(200);
    expect(unexpected(errors, '/api/auth/password'), errors.join('\n')).toEqual([]);
    await page.close();
  }, 60_000);

  it('signs out and back in; the progress page shows the pass the server graded', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.baseUrl}/en/account/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const form = page.locator('form[data-form="sign-in"]');
    await form.waitFor();
    expect((await page.request.get(`${site.baseUrl}/api/me`)).status()).toBe(401);

    // signed out, the progress page is the browser's own and says what an account adds
    await page.goto(`${site.baseUrl}/en/progress/`);
    expect(await page.locator('main').innerText()).toContain('kept on the server');
    expect(await page.locator(`tr[data-exercise="${ID}"] [data-runs]`).innerText()).toBe('2');
    await page.goto(`${site.baseUrl}/en/account/`);

    await form.getByLabel('Email').fill(EMAIL);
    await form.getByLabel('Password').fill(PASSWORD); // the old one
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.locator('[data-message]').getByText('Wrong email or password.').waitFor();

    await form.getByLabel('Password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-user-name]').waitFor();
    expect(await page.locator('[data-user-name]').textContent()).toBe(NAME);

    // the runs this browser kept were merged already: signing in again adds none
    expect(await standing(page)).toMatchObject({
      runs: 2,
      submissions: 2,
      passed: true,
      bestScore: 1,
    });

    await page.goto(`${site.baseUrl}/en/progress/`);
    const row = page.locator(`tr[data-exercise="${ID}"]`);
    expect(await row.locator('[data-status]').innerText()).toBe('✓ passed');
    expect(await row.locator('[data-best]').innerText()).toBe('100%');
    expect(await row.locator('[data-runs]').innerText()).toBe('2');
    expect(await row.locator('[data-submissions]').innerText()).toBe('2');
    expect(await row.locator('[data-last] time').count()).toBe(1);
    expect(await page.locator('main').innerText()).toContain(`${NAME}’s progress`);
    // an exercise never touched
    const other = page.locator('tr[data-exercise="attention/scaled-dot-product"]');
    expect(await other.locator('[data-status]').innerText()).toBe('not started');
    expect(unexpected(errors, '/api/auth/sign-in'), errors.join('\n')).toEqual([]);

    // the Chinese pages, signed in
    await page.goto(`${site.baseUrl}/account/`);
    expect(await page.locator('[data-user-name]').textContent()).toBe(NAME);
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(1);
    await page.goto(`${site.baseUrl}/progress/`);
    expect(await page.locator(`tr[data-exercise="${ID}"] [data-status]`).innerText()).toBe(
      '✓ 已通过',
    );
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(unexpected(errors, '/api/auth/sign-in'), errors.join('\n')).toEqual([]);
    await page.close();
  }, 60_000);
});
