// A homework cycle in Chromium against the real server (a fresh PGlite database), as a
// teacher and two students would go through it, each in a browser context of their own:
// the teacher creates a class and an assignment due a minute from now, set in another time
// zone; one student joins with the code, the other with the link; the first submits a known
// mistake and then the solution before the due time, the second submits after it. The teacher
// then sees the matrix (on time, late), a cell's submission history (code, checks, diagnosis,
// seed, grader version), the mistake chart, who has not started, exports both CSVs (names
// with commas, quotes and Chinese letters), and regrades with the old scores kept. Students
// see only their own standing. Screenshots of the teacher's pages go to test-output/.
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { findExercise } from '../../graders/exercises/index.ts';
import { exerciseDir } from '../../graders/node/exercise-files.ts';
import { instantToZoned } from '../../src/lib/teach-time.ts';
import { collectErrors, editorReady, launchSharedBrowser, pasteCode } from '../helpers/browser.ts';
import { runCli } from '../helpers/cli.ts';
import { parseCsv } from '../helpers/csv.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

const ID = 'transformer/layer-norm';
const OTHER_ID = 'transformer/causal-mask';
const MISTAKE = 'eps-outside-sqrt';
const ADMIN = { email: 'admin@example.com', name: 'Admin Ada', password: 'admin password 1' };
const TEACHER = { email: 'teacher@example.com', name: 'Ms Turing', password: 'teacher password 1' };
// names a spreadsheet could misread: a comma, quotes, Chinese letters
const ON_TIME = { email: 'li@example.com', name: 'Li, "Lei" 李雷', password: 'student password 1' };
const LATE = { email: 'han@example.com', name: '韩梅梅', password: 'student password 2' };
const IDLE = { email: 'idle@example.com', name: 'Idle Ivan', password: 'student password 3' };
const CLASS_NAME = 'Transformers, 春季班';
const ZONE = 'Asia/Shanghai';
// time enough for one student's two clicks on Submit, and not so long that the test idles
const DUE_IN_MS = 45_000;
const GRADING_TIMEOUT_MS = 90_000;
const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

const source = (name: string) => readFileSync(join(exerciseDir(ID), `${name}.ts`), 'utf8');

let site: RunningSite;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // the first admin comes from the operator's command, before the server owns the database
  const dataDir = await mkdtemp(join(tmpdir(), 'attention-lab-teach-'));
  const made = await runCli(
    ['users', 'create', '--email', ADMIN.email, '--name', ADMIN.name, '--password', ADMIN.password, '--role', 'admin'],
    { DATA_DIR: dataDir, DATABASE_URL: '' },
  );
  expect(made.stderr).toBe('');
  site = await startSite({ dataDir });
  browser = await launchSharedBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, SITE_TIMEOUT_MS + 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** A browser context of one person's (cookies and storage of their own), clipboard allowed. */
async function person(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
  contexts.push(context);
  return context;
}

async function signUp(page: Page, who: { email: string; name: string; password: string }) {
  await page.goto(`${site.baseUrl}/en/account/`);
  const form = page.locator('form[data-form="sign-up"]');
  await form.getByLabel('Email').fill(who.email);
  await form.getByLabel('Name').fill(who.name);
  await form.getByLabel('Password').fill(who.password);
  await form.getByRole('button', { name: 'Create an account' }).click();
  await page.locator('[data-user-name]').waitFor();
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${site.baseUrl}/en/account/`);
  const form = page.locator('form[data-form="sign-in"]');
  await form.getByLabel('Email').fill(who.email);
  await form.getByLabel('Password').fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-user-name]').waitFor();
}

/** Clicks Submit and waits for the server's verdict containing `text`. */
async function submitAndWait(widget: Locator, text: string): Promise<void> {
  await widget.locator('[data-submit]').click();
  await widget
    .locator('[data-results] .exercise-server', { hasText: text })
    .waitFor({ timeout: GRADING_TIMEOUT_MS });
  await widget.locator('[data-submit]:not([disabled])').waitFor();
}

async function openExercise(page: Page): Promise<Locator> {
  await page.goto(`${site.baseUrl}/en/exercises/${ID}/`);
  const widget = page.locator('[data-exercise-widget]');
  await editorReady(widget);
  return widget;
}

async function downloadText(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

describe('a homework cycle in the browser', () => {
  let teacher: Page;
  let onTime: Page;
  let late: Page;
  let joinCode = '';
  let joinLink = '';
  let classUrl = '';
  let assignmentUrl = '';
  let dueAt = 0;
  let teacherErrors: string[] = [];

  it('an admin makes a new account a teacher', async () => {
    teacher = await (await person()).newPage();
    teacherErrors = collectErrors(teacher);
    await signUp(teacher, TEACHER);
    // a learner is shown the way to classes, and not to teaching
    expect(await teacher.locator('.account-links a').allInnerTexts()).toEqual(['Your classes and homework']);

    const admin = await (await person()).newPage();
    const adminErrors = collectErrors(admin);
    await signIn(admin, ADMIN);
    const users = admin.locator('[data-admin] [data-users]:not([aria-busy])');
    await users.locator('table').waitFor();
    // their own role cannot be changed, so that someone can always administer
    expect(await admin.getByLabel(`Role of ${ADMIN.name}`).isDisabled()).toBe(true);
    await admin.getByLabel(`Role of ${TEACHER.name}`).selectOption('teacher');
    await admin.locator('[data-admin] [data-message]').getByText(`${TEACHER.name} is now: Teacher.`).waitFor();
    await admin.close();
    expect(adminErrors, adminErrors.join('\n')).toEqual([]);

    await teacher.reload();
    expect(await teacher.locator('[data-user-role]').textContent()).toBe('Teacher');
    await teacher.getByRole('link', { name: 'Teaching: manage your classes' }).click();
    await teacher.waitForURL('**/en/teach/');
  }, 60_000);

  it('the teacher creates a class and gets its join code and link', async () => {
    await teacher.locator('[data-list-status]').getByText('You have no classes yet.').waitFor();
    const form = teacher.locator('form[data-create-class]');
    await form.getByLabel('Class name').fill(CLASS_NAME);
    await form.getByRole('button', { name: 'Create the class' }).click();
    await teacher.locator('[data-created]:not([hidden])').waitFor();
    joinCode = (await teacher.locator('[data-created-code]').textContent())!.trim();
    joinLink = (await teacher.locator('[data-created-link]').getAttribute('href'))!;
    expect(joinCode).toMatch(/^[A-Z0-9-]{4,20}$/);
    expect(joinLink).toContain(`/en/classes/join/?code=${joinCode}`);
    const row = teacher.locator('[data-classes] tbody tr', { hasText: CLASS_NAME });
    await row.waitFor();
    await row.getByRole('link', { name: CLASS_NAME }).click();
    await teacher.locator('[data-teach-class]').waitFor();
    classUrl = teacher.url();
    expect(await teacher.locator('[data-join-code]').textContent()).toBe(joinCode);
    expect(teacherErrors, teacherErrors.join('\n')).toEqual([]);
  }, 60_000);

  it('two students sign up and join, one with the code and one with the link; a third never starts', async () => {
    onTime = await (await person()).newPage();
    const onTimeErrors = collectErrors(onTime);
    await signUp(onTime, ON_TIME);
    await onTime.goto(`${site.baseUrl}/en/classes/`);
    await onTime.getByLabel('Join code').fill(joinCode.toLowerCase()); // codes are not case-sensitive
    await onTime.getByRole('button', { name: 'Join' }).click();
    await onTime.locator('[data-join-status]').getByText(`You joined the class “${CLASS_NAME}”.`).waitFor();
    await onTime.locator('[data-joined] li', { hasText: CLASS_NAME }).waitFor();
    expect(await onTime.locator('[data-joined]').innerText()).toContain(TEACHER.name);

    late = await (await person()).newPage();
    const lateErrors = collectErrors(late);
    await signUp(late, LATE);
    await late.goto(new URL(joinLink, site.baseUrl).href);
    expect(await late.getByLabel('Join code').inputValue()).toBe(joinCode);
    await late.getByRole('button', { name: 'Join' }).click();
    await late.locator('[data-joined] li', { hasText: CLASS_NAME }).waitFor();

    const idle = await (await person()).newPage();
    await signUp(idle, IDLE);
    await idle.goto(new URL(joinLink, site.baseUrl).href);
    await idle.getByRole('button', { name: 'Join' }).click();
    await idle.locator('[data-joined] li', { hasText: CLASS_NAME }).waitFor();
    await idle.close();

    // the roster: all three, none started yet
    await teacher.reload();
    const roster = teacher.locator('[data-roster] tbody tr');
    await expect.poll(() => roster.count()).toBe(3);
    expect(await teacher.locator('[data-roster]').innerText()).toContain(ON_TIME.name);
    expect(await teacher.locator('[data-roster] [data-started="false"]').count()).toBe(3);
    expect(onTimeErrors, onTimeErrors.join('\n')).toEqual([]);
    expect(lateErrors, lateErrors.join('\n')).toEqual([]);
  }, 120_000);

  it('the teacher sets homework due in a minute, in another time zone, with a late penalty', async () => {
    // the first student has the exercise open and the mistake pasted before the homework exists
    const widget = await openExercise(onTime);
    await pasteCode(onTime, widget, source(`mistakes/${MISTAKE}`));

    const form = teacher.locator('form[data-new-assignment]');
    const create = form.getByRole('button', { name: 'Create the assignment' });
    // an empty form is refused in words, field by field, before anything is sent
    await create.click();
    expect(await form.locator('[data-error-for="title"]').innerText()).toBe('Give it a title.');
    expect(await form.locator('[data-error-for="exerciseIds"]').innerText()).toBe(
      'Choose at least one exercise.',
    );
    expect(await form.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Title').fill('Week 1: LayerNorm, masks');
    await form.getByLabel(findExercise(ID)!.title.en).check();
    await form.getByLabel(findExercise(OTHER_ID)!.title.en).check();
    await form.getByLabel('Time zone').selectOption(ZONE);
    const now = Date.now();
    dueAt = Math.ceil((now + DUE_IN_MS) / 1000) * 1000;
    // the fields are wall-clock times in the chosen zone (Shanghai, not the browser's UTC)
    await form.getByLabel('Opens at').fill(instantToZoned(new Date(now - 60 * 60_000), ZONE));
    const seconds = String(new Date(dueAt).getUTCSeconds()).padStart(2, '0');
    await form.getByLabel('Due at').fill(`${instantToZoned(new Date(dueAt), ZONE)}:${seconds}`);
    await form.getByLabel('A penalty per day late').check();
    await form.getByLabel('Penalty per day (%)').fill('20');
    // due before it opens: the server's reason lands on the field it names
    const due = await form.getByLabel('Due at').inputValue();
    await form.getByLabel('Due at').fill(instantToZoned(new Date(now - 2 * 60 * 60_000), ZONE));
    await create.click();
    await form.locator('[data-error-for="dueAt"]').getByText('must be after opensAt').waitFor();
    // that 400 was the point: it is no page error (the response, and Chromium's console line)
    const refused = (e: string) => e.includes('/assignments') && e.includes('400');
    expect(teacherErrors.filter(refused).length).toBeGreaterThan(0);
    teacherErrors.splice(0, teacherErrors.length, ...teacherErrors.filter((e) => !refused(e)));
    expect(await form.locator('[data-error-for="title"]').innerText()).toBe('');
    await form.getByLabel('Due at').fill(due);
    await create.click();
    await form.locator('[data-assignment-status]').getByText('was created', { exact: false }).waitFor();
    const row = teacher.locator('[data-assignments] tbody tr', { hasText: 'Week 1' });
    await row.waitFor();
    const created = await teacher.request.get(`${site.baseUrl}${new URL(classUrl).pathname.replace('/en/teach/class/', '/api/classes/')}`);
    const { assignments } = (await created.json()) as { assignments: { id: number; dueAt: string; timeZone: string }[] };
    expect(assignments).toHaveLength(1);
    expect(Date.parse(assignments[0]!.dueAt)).toBe(dueAt);
    expect(assignments[0]!.timeZone).toBe(ZONE);
    assignmentUrl = `${site.baseUrl}/en/teach/assignment/${assignments[0]!.id}/`;
    expect(await row.getByRole('link').first().getAttribute('href')).toBe(new URL(assignmentUrl).pathname);
  }, 120_000);

  it('the first student submits a mistake and then the solution, both before the due time', async () => {
    const widget = onTime.locator('[data-exercise-widget]');
    await submitAndWait(widget, 'Not passed');
    await pasteCode(onTime, widget, source('solution'));
    await submitAndWait(widget, 'Passed');
    expect(Date.now()).toBeLessThan(dueAt);

    await onTime.goto(`${site.baseUrl}/en/classes/`);
    const mine = onTime.locator(`[data-assignments] tr[data-exercise="${ID}"]`);
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('passed');
    expect(await mine.getAttribute('data-late')).toBe('false');
    // only their own standing: nobody else's name is on the page
    expect(await onTime.locator('main').innerText()).not.toContain(LATE.name);
  }, 240_000);

  it('the second student submits the solution after the due time: it is marked late', async () => {
    const widget = await openExercise(late);
    await pasteCode(late, widget, source('solution'));
    const wait = dueAt - Date.now() + 1_000;
    if (wait > 0) await late.waitForTimeout(wait);
    await submitAndWait(widget, 'Passed');

    await late.goto(`${site.baseUrl}/en/classes/`);
    const mine = late.locator(`[data-assignments] tr[data-exercise="${ID}"]`);
    await mine.waitFor();
    expect(await mine.getAttribute('data-status')).toBe('passed-late');
    expect(await mine.getAttribute('data-late')).toBe('true');
    expect(await mine.innerText()).toContain('80%'); // 20% off for a day begun late
    expect(await late.locator('main').innerText()).not.toContain(ON_TIME.name);
  }, 240_000);

  it('the teacher sees the matrix, a submission history and the mistake chart', async () => {
    await teacher.goto(assignmentUrl);
    const matrix = teacher.locator('[data-matrix]:not([hidden])');
    await matrix.waitFor();
    const rowOf = (name: string) => matrix.locator('tbody tr', { hasText: name });
    const cellOf = (name: string, id: string) => rowOf(name).locator(`td[data-cell="${id}"]`);
    expect(await cellOf(ON_TIME.name, ID).getAttribute('data-status')).toBe('passed');
    expect(await cellOf(ON_TIME.name, ID).getAttribute('data-late')).toBe('false');
    expect(await cellOf(LATE.name, ID).getAttribute('data-status')).toBe('passed-late');
    expect(await cellOf(LATE.name, ID).innerText()).toContain('late');
    expect(await cellOf(IDLE.name, ID).getAttribute('data-status')).toBe('not-started');
    expect(await cellOf(ON_TIME.name, OTHER_ID).getAttribute('data-status')).toBe('not-started');
    // the due time is shown in the viewer's zone, and says in which zone it was set
    expect(await teacher.locator('[data-set-in]').innerText()).toContain(ZONE);

    // a cell opens that student's submissions: code, checks, diagnosis, seed, grader version
    await cellOf(ON_TIME.name, ID).getByRole('button').click();
    const dialog = teacher.locator('dialog.teach-dialog[open]');
    await dialog.locator('.teach-submission').nth(1).waitFor();
    expect(await dialog.locator('.teach-submission').count()).toBe(2);
    const text = await dialog.innerText();
    expect(text).toContain(findExercise(ID)!.mistakes.find((m) => m.id === MISTAKE)!.title.en);
    expect(text).toContain('Seed');
    expect(text).toContain('Grader version');
    expect(await dialog.locator(`[data-diagnosis="${MISTAKE}"]`).count()).toBe(1);
    expect(await dialog.locator('.teach-code').first().innerText()).toContain('export function');
    expect(await dialog.locator('.teach-check-fail').count()).toBeGreaterThan(0);
    await teacher.screenshot({ path: join(SCREENSHOTS, 'teach-history.png'), fullPage: false });
    await teacher.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // a name opens the student's timeline across the class's homework, late work marked
    await rowOf(LATE.name).locator('[data-timeline]').click();
    const timeline = teacher.locator('dialog.teach-dialog[open]');
    await timeline.locator('[data-event]').first().waitFor();
    expect(await timeline.locator('[data-event]').count()).toBe(1);
    expect(await timeline.innerText()).toContain('late for “Week 1: LayerNorm, masks”');
    await teacher.keyboard.press('Escape');
    await timeline.waitFor({ state: 'detached' });

    // statistics: 2 of 3 passed; the mistake chart names the one mistake made
    const stats = teacher.locator(`[data-stats-for="${ID}"]`);
    await stats.waitFor();
    expect(await stats.locator('[data-pass-rate]').innerText()).toContain('66.7%');
    const chart = teacher.locator('canvas[data-mistake-chart][data-chart="ready"]');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain(
      `${findExercise(ID)!.mistakes.find((m) => m.id === MISTAKE)!.title.en} (${findExercise(ID)!.title.en}): 1`,
    );
    // the same counts as a table, folded under the chart
    expect(await teacher.locator(`[data-mistake-table] tr[data-mistake="${MISTAKE}"] td`).textContent()).toBe('1');
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    await teacher.screenshot({ path: join(SCREENSHOTS, 'teach-assignment.png'), fullPage: true });
    expect(teacherErrors, teacherErrors.join('\n')).toEqual([]);
  }, 120_000);

  it('the teacher exports the gradebook CSVs: names escaped, late marked, Chinese intact', async () => {
    const [download] = await Promise.all([
      teacher.waitForEvent('download'),
      teacher.locator('[data-assignment-csv]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^assignment-\d+-grades\.csv$/);
    const rows = parseCsv(await downloadText(download));
    expect(rows[0]!.slice(0, 6)).toEqual(['student', 'email', 'score', 'late', 'submitted_at', 'attempts']);
    const byEmail = new Map(rows.slice(1).map((r) => [r[1], r]));
    expect(byEmail.get(ON_TIME.email)![0]).toBe(ON_TIME.name);
    expect(byEmail.get(LATE.email)![0]).toBe(LATE.name);
    expect(byEmail.get(IDLE.email)![0]).toBe(IDLE.name);
    const late = rows[0]!.indexOf('late');
    expect(byEmail.get(ON_TIME.email)![late]).toBe('no');
    expect(byEmail.get(LATE.email)![late]).toBe('yes');
    // in percent; two exercises: one passed on time is half the assignment, the late one 80% of it
    const score = rows[0]!.indexOf('score');
    expect(byEmail.get(ON_TIME.email)![score]).toBe('50');
    expect(byEmail.get(LATE.email)![score]).toBe('40');
    expect(byEmail.get(IDLE.email)![score]).toBe('0');
    expect(byEmail.get(ON_TIME.email)![rows[0]!.indexOf('attempts')]).toBe('2');

    await teacher.goto(classUrl);
    await teacher.locator('[data-roster]:not([hidden])').waitFor();
    const [classDownload] = await Promise.all([
      teacher.waitForEvent('download'),
      teacher.locator('[data-class-csv]').click(),
    ]);
    const classRows = parseCsv(await downloadText(classDownload));
    expect(classRows[0]!.slice(0, 2)).toEqual(['assignment', 'student']);
    expect(classRows.slice(1).map((r) => r[1])).toEqual(
      expect.arrayContaining([ON_TIME.name, LATE.name, IDLE.name]),
    );
    expect(classRows[1]![0]).toBe('Week 1: LayerNorm, masks');
    // the roster now says who has not started
    expect(await teacher.locator('[data-roster] [data-started="false"]').count()).toBe(1);
    expect(await teacher.locator('[data-roster] tr.teach-not-started').innerText()).toContain(IDLE.name);
    await teacher.screenshot({ path: join(SCREENSHOTS, 'teach-class.png'), fullPage: true });
  }, 60_000);

  it('the teacher regrades the assignment with one action; every grading is kept', async () => {
    await teacher.goto(assignmentUrl);
    await teacher.locator('[data-matrix]:not([hidden])').waitFor();
    // nothing to list before a regrade (hidden, not an empty table under its headings)
    expect(await teacher.locator('[data-regrade-changes]').isVisible()).toBe(false);
    await teacher.getByRole('button', { name: 'Regrade' }).click();
    const status = teacher.locator('[data-regrade-status]');
    await status.getByText('Regrade finished: 3 submissions, 0 with a changed score.').waitFor({ timeout: GRADING_TIMEOUT_MS });
    const changes = teacher.locator('[data-regrade-changes]:not([hidden]) tbody tr');
    expect(await changes.count()).toBe(3);
    // the graders did not change: the same verdicts before and after, each listed
    for (const row of await changes.all()) {
      const before = await row.locator('[data-before]').innerText();
      expect(await row.locator('[data-after]').innerText()).toContain(before);
    }
    // the history now holds both gradings of each submission
    const cell = teacher.locator(`[data-matrix] tbody tr`, { hasText: LATE.name }).locator(`td[data-cell="${ID}"] button`);
    await cell.click();
    const dialog = teacher.locator('dialog.teach-dialog[open]');
    await dialog.locator('.teach-gradings tbody tr').nth(1).waitFor();
    expect(await dialog.locator('.teach-gradings tbody tr').count()).toBe(2);
    expect(await dialog.locator('.teach-gradings').innerText()).toContain('first grading');
    await teacher.keyboard.press('Escape');
    // still late after the regrade
    expect(
      await teacher.locator(`[data-matrix] tbody tr`, { hasText: LATE.name }).locator(`td[data-cell="${ID}"]`).getAttribute('data-status'),
    ).toBe('passed-late');
    expect(teacherErrors, teacherErrors.join('\n')).toEqual([]);
  }, 180_000);

  it('a student cannot open the teacher pages or another student’s history', async () => {
    const response = await onTime.goto(assignmentUrl);
    expect(response!.status()).toBeLessThan(500);
    expect(await onTime.locator('main').innerText()).toContain('These pages are for teachers');
    expect(await onTime.locator('[data-matrix]').count()).toBe(0);
    const classId = new URL(classUrl).pathname.split('/').filter(Boolean).pop();
    const api = await onTime.request.get(`${site.baseUrl}/api/classes/${classId}`);
    expect(api.status()).toBe(403);
    for (const context of contexts) await context.close();
  }, 60_000);
});
