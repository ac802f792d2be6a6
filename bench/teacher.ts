// The teacher's matrix for a class of 300 students × 18 exercises with 20 submissions each
// (108,000 submissions): server time of the matrix (and statistics) API, response size, and
// the matrix page in Chromium: the bytes it transfers (HTML, JS, CSS, the API's JSON, as sent)
// and the time until the matrix and the mistake chart are drawn. Target: under 500 ms server
// time. On PGlite, and on PostgreSQL too when TEST_DATABASE_URL or BENCH_DATABASE_URL is set.
// Figures only.
//
// The matrix and statistics read the stored standings (homework/standings-table.ts), one cell
// per student and exercise; the figures also give what keeping them costs: computing all the
// cells at once (an upgrade, a new assignment over past work) and refreshing one student's
// cell, which each submission and grading does in its transaction.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.ts';
import type { Db } from '../db/client.ts';
import { assignments, classMembers, classes, submissions, users } from '../db/schema.ts';
import { EXERCISES } from '../graders/exercises/index.ts';
import { hashPassword } from '../src/server/passwords.ts';
import {
  refreshForSubmission,
  refreshStaleStandings,
} from '../src/server/homework/standings-table.ts';
import { createSession } from '../src/server/sessions.ts';
import { freshPostgresDatabase } from '../tests/helpers/api.ts';
import { launchSharedBrowser } from '../tests/helpers/browser.ts';
import { startSite } from '../tests/helpers/server.ts';
import type { SiteOptions } from '../tests/helpers/server.ts';

const STUDENTS = 300;
const PER_EXERCISE = 20;
const RUNS = 20;

async function seed(db: Db) {
  const passwordHash = await hashPassword('bench password 1');
  await db
    .insert(users)
    .values({
      id: 'teacher',
      email: 'teacher@bench',
      name: 'Teacher',
      passwordHash,
      role: 'teacher',
    });
  const students = Array.from({ length: STUDENTS }, (_, i) => ({
    id: `s${i}`,
    email: `s${i}@bench`,
    name: `学生 ${i}`,
    passwordHash,
  }));
  await db.insert(users).values(students);
  const [klass] = await db
    .insert(classes)
    .values({ teacherId: 'teacher', name: 'Bench class', joinCode: 'BENCH234' })
    .returning();
  await db.insert(classMembers).values(students.map((s) => ({ classId: klass!.id, userId: s.id })));
  const opensAt = new Date(Date.now() - 30 * 86_400_000);
  const [assignment] = await db
    .insert(assignments)
    .values({
      classId: klass!.id,
      title: 'Everything',
      exerciseIds: EXERCISES.map((e) => e.id),
      opensAt,
      dueAt: new Date(Date.now() - 10 * 86_400_000),
      timeZone: 'Asia/Shanghai',
      latePolicy: 'per-day',
      penaltyPerDay: 0.1,
    })
    .returning();
  let batch: (typeof submissions.$inferInsert)[] = [];
  let t = opensAt.getTime();
  for (const student of students) {
    for (const exercise of EXERCISES) {
      for (let k = 0; k < PER_EXERCISE; k++) {
        const passed = k === PER_EXERCISE - 1 && Math.random() < 0.8;
        t += 7_000;
        batch.push({
          userId: student.id,
          exerciseId: exercise.id,
          code: `// ${student.id} ${exercise.id} ${k}`,
          state: 'graded',
          passed,
          score: passed ? 1 : Math.round(Math.random() * 10) / 10,
          checks: [],
          diagnosis: passed
            ? null
            : {
                mistake: exercise.mistakes[k % exercise.mistakes.length]!.id,
                title: { zh: '', en: '' },
                hint: { zh: '', en: '' },
              },
          seed: k,
          graderVersion: '1.0.0',
          createdAt: new Date(t),
          gradedAt: new Date(t),
        });
        if (batch.length === 2000) {
          await db.insert(submissions).values(batch);
          batch = [];
        }
      }
    }
  }
  if (batch.length) await db.insert(submissions).values(batch);
  // written around the server, so its standings are computed as at a start after an upgrade
  const full = performance.now();
  await refreshStaleStandings(db);
  const fullMs = performance.now() - full;
  // what each submission and grading adds to its transaction: its cells refreshed
  const each: number[] = [];
  for (let i = 0; i < 40; i++) {
    const student = students[(i * 37) % STUDENTS]!;
    const exercise = EXERCISES[(i * 7) % EXERCISES.length]!;
    const started = performance.now();
    await db.transaction((tx) => refreshForSubmission(tx, student.id, exercise.id));
    each.push(performance.now() - started);
  }
  each.sort((x, y) => x - y);
  const { token } = await createSession(db, 'teacher');
  console.log(
    `standings: all ${STUDENTS * EXERCISES.length} cells computed in ${fullMs.toFixed(0)} ms; ` +
      `one student's cell refreshed (per submission or grading) p50 ${each[20]!.toFixed(1)} ms, ` +
      `p95 ${each[37]!.toFixed(1)} ms`,
  );
  return { assignmentId: assignment!.id, classId: klass!.id, token };
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/** The assignment page as a teacher's browser loads it: bytes sent by kind, time to the matrix. */
async function pageFigures(baseUrl: string, assignmentId: number, token: string) {
  const browser = await launchSharedBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { hostname } = new URL(baseUrl);
    await context.addCookies([{ name: 'session', value: token, domain: hostname, path: '/' }]);
    const runs: { matrixMs: number; chartMs: number; bytes: Record<string, number> }[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await context.newPage();
      const bytes: Record<string, number> = {};
      const sizes: Promise<void>[] = [];
      page.on('requestfinished', (request) => {
        const kind = request.resourceType();
        sizes.push(
          request.sizes().then((s) => {
            bytes[kind] = (bytes[kind] ?? 0) + s.responseBodySize + s.responseHeadersSize;
          }),
        );
      });
      const started = performance.now();
      await page.goto(`${baseUrl}/en/teach/assignment/${assignmentId}/`);
      await page.locator('[data-matrix]:not([hidden]) tbody tr').first().waitFor({ timeout: 60_000 });
      const matrixMs = performance.now() - started;
      await page.locator('canvas[data-chart="ready"]').waitFor({ timeout: 60_000 });
      const chartMs = performance.now() - started;
      await page.waitForLoadState('networkidle');
      await Promise.all(sizes);
      runs.push({ matrixMs, chartMs, bytes });
      await page.close();
    }
    return runs;
  } finally {
    await browser.close();
  }
}

async function time(url: string, token: string) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie: `session=${token}` } });
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(RUNS / 2)]!, p95: times[Math.ceil(RUNS * 0.95) - 1]!, bytes };
}

const postgres = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
console.log(
  `\n# teacher (${STUDENTS} students × ${EXERCISES.length} exercises × ${PER_EXERCISE} submissions)`,
);
for (const kind of postgres ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
  let options: SiteOptions;
  let drop: (() => Promise<void>) | undefined;
  let database;
  if (kind === 'postgres') {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    options = { databaseUrl: fresh.url };
    database = await openDatabase({ url: fresh.url });
  } else {
    const dataDir = await mkdtemp(join(tmpdir(), 'attention-lab-bench-'));
    options = { dataDir };
    database = await openDatabase({ dataDir });
  }
  const seeding = performance.now();
  const seeded = await seed(database.db);
  await database.close();
  console.log(`${kind}: seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const site = await startSite(options);
  try {
    for (const [label, path] of [
      ['matrix API', `/api/assignments/${seeded.assignmentId}/matrix`],
      ['statistics API', `/api/assignments/${seeded.assignmentId}/stats`],
      ['gradebook CSV', `/api/assignments/${seeded.assignmentId}/grades.csv`],
    ] as const) {
      const r = await time(site.baseUrl + path, seeded.token);
      console.log(
        `${kind}: ${label}: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms over ${RUNS} requests (localhost, so ≈ server time); ` +
          `${kib(r.bytes)} uncompressed (target: under 500 ms)`,
      );
    }
    const runs = await pageFigures(site.baseUrl, seeded.assignmentId, seeded.token);
    // the first load fills Chromium's cache with the scripts; the later ones are a return visit
    const [first, ...again] = runs;
    const weight = (b: Record<string, number>) =>
      Object.entries(b)
        .sort(([, x], [, y]) => y - x)
        .map(([k, n]) => `${k} ${kib(n)}`)
        .join(', ');
    const total = (b: Record<string, number>) => Object.values(b).reduce((x, y) => x + y, 0);
    console.log(
      `${kind}: matrix page, first visit: ${kib(total(first!.bytes))} transferred (${weight(first!.bytes)}); ` +
        `matrix drawn after ${first!.matrixMs.toFixed(0)} ms, mistake chart after ${first!.chartMs.toFixed(0)} ms`,
    );
    const last = again[again.length - 1]!;
    console.log(
      `${kind}: matrix page, return visit: ${kib(total(last.bytes))} transferred; matrix drawn after ` +
        `${Math.min(...again.map((r) => r.matrixMs)).toFixed(0)}–${Math.max(...again.map((r) => r.matrixMs)).toFixed(0)} ms`,
    );
  } finally {
    await site.stop();
    await drop?.();
  }
}
