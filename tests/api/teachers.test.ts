// Classes and homework through the API, on PGlite and PostgreSQL: two teachers, two classes,
// students in one or both; privacy between them, deadlines, the matrix, statistics, the
// gradebook CSV, attempt caps and regrading with history.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { assignments, gradings, submissions } from '../../db/schema.ts';
import { ApiClient, DATABASES, exerciseFile, freshPostgresDatabase } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { parseCsv } from '../helpers/csv.ts';
import { SITE_TIMEOUT_MS, startSite } from '../helpers/server.ts';
import type { RunningSite } from '../helpers/server.ts';

const PASSWORD = 'correct horse battery';
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(DATABASES)('classes and homework on %s', (kind) => {
  let site: RunningSite;
  let drop: (() => Promise<void>) | undefined;
  const stamp = `${Date.now()}`;
  const address = (who: string) => `${who}-${stamp}@example.com`;
  const people: Record<string, ApiClient> = {};
  const names: Record<string, string> = {
    t1: 'Teacher One',
    t2: 'Teacher Two',
    s1: 'Lee, "Ann"',
    s2: '张伟',
    s3: '=HYPERLINK("http://evil.example")',
  };
  let classA: { id: number; joinCode: string };
  let classB: { id: number; joinCode: string };
  let onTime: { id: number };
  let late: { id: number };
  const right = exerciseFile('transformer/layer-norm', 'solution');
  const wrong = exerciseFile('transformer/layer-norm', 'mistakes/unbiased-variance');

  let databaseUrl: string | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    let env: NodeJS.ProcessEnv;
    if (kind === 'postgres') {
      const database = await freshPostgresDatabase();
      drop = database.drop;
      databaseUrl = database.url;
      env = { DATABASE_URL: databaseUrl };
    } else {
      dataDir = await mkdtemp(join(tmpdir(), 'attention-lab-data-'));
      env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    }
    for (const who of ['t1', 't2']) {
      const made = await runCli(
        [
          'users',
          'create',
          '--email',
          address(who),
          '--name',
          names[who]!,
          '--password',
          PASSWORD,
          '--role',
          'teacher',
        ],
        env,
      );
      expect(made.stderr).toBe('');
    }
    site = await startSite(databaseUrl ? { databaseUrl } : { dataDir: dataDir! });
    for (const who of ['t1', 't2']) {
      people[who] = new ApiClient(site.baseUrl);
      expect((await people[who].signIn(address(who), PASSWORD)).status).toBe(200);
    }
    for (const who of ['s1', 's2', 's3']) {
      people[who] = new ApiClient(site.baseUrl);
      await people[who].signUp(address(who), names[who], PASSWORD);
    }
  }, SITE_TIMEOUT_MS + 90_000);

  afterAll(async () => {
    await site?.stop();
    await drop?.();
  });

  it('lets teachers create classes and students join them, one class or several', async () => {
    const a = await people['t1']!.post('/api/classes', { name: 'Transformers A' });
    expect(a.status).toBe(201);
    classA = a.body.class;
    expect(classA.joinCode).toMatch(/^[A-Z2-7]{8}$/);
    classB = (await people['t2']!.post('/api/classes', { name: 'Transformers B' })).body.class;
    expect((await people['s1']!.post('/api/classes', { name: 'mine' })).status).toBe(403);

    for (const who of ['s1', 's2']) {
      const joined = await people[who]!.post('/api/classes/join', {
        code: classA.joinCode.toLowerCase(),
      });
      expect(joined.body.class.name).toBe('Transformers A');
    }
    await people['s1']!.post('/api/classes/join', { code: classB.joinCode });
    await people['s3']!.post('/api/classes/join', { code: classB.joinCode });
    expect((await people['s3']!.post('/api/classes/join', { code: 'NOPE2345' })).status).toBe(404);
    const mine = (await people['s1']!.get('/api/classes')).body;
    expect(mine.joined.map((c: { name: string }) => c.name)).toEqual([
      'Transformers A',
      'Transformers B',
    ]);
    const roster = (await people['t1']!.get(`/api/classes/${classA.id}`)).body.students;
    expect(roster.map((s: { name: string }) => s.name).sort()).toEqual(
      [names['s1'], names['s2']].sort(),
    );
    expect(roster.every((s: { started: boolean }) => !s.started)).toBe(true);
  });

  it('validates homework: times with offsets, a real time zone, a policy that fits', async () => {
    const base = {
      title: 'bad',
      exerciseIds: ['transformer/layer-norm'],
      opensAt: iso(Date.now() - HOUR),
      dueAt: iso(Date.now() + HOUR),
      timeZone: 'Asia/Shanghai',
    };
    for (const [change, field] of [
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ dueAt: iso(Date.now() - 2 * HOUR) }, 'dueAt'],
      [{ dueAt: '2026-12-01 12:00' }, 'dueAt'],
      [{ latePolicy: 'cutoff' }, 'cutoffAt'],
      [{ latePolicy: 'per-day' }, 'penaltyPerDay'],
      [{ exerciseIds: ['no/such'] }, 'exerciseIds.0'],
    ] as const) {
      const response = await people['t1']!.post(`/api/classes/${classA.id}/assignments`, {
        ...base,
        ...change,
      });
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });

  it('grades homework: on time, late with a penalty, capped attempts', async () => {
    const now = Date.now();
    // due an hour ago, 25% off per day late: a submission now is one day late
    late = (
      await people['t1']!.post(`/api/classes/${classA.id}/assignments`, {
        title: 'LayerNorm (late)',
        exerciseIds: ['transformer/layer-norm'],
        opensAt: iso(now - 48 * HOUR),
        dueAt: iso(now - HOUR),
        timeZone: 'America/New_York',
        latePolicy: 'per-day',
        penaltyPerDay: 0.25,
      })
    ).body.assignment;
    onTime = (
      await people['t1']!.post(`/api/classes/${classA.id}/assignments`, {
        title: 'Causal mask',
        exerciseIds: ['transformer/causal-mask', 'transformer/layer-norm'],
        opensAt: iso(now - HOUR),
        dueAt: iso(now + 48 * HOUR),
        timeZone: 'Asia/Shanghai',
        maxAttempts: 4,
        counts: 'best',
      })
    ).body.assignment;

    expect((await people['s1']!.submitAndWait('transformer/layer-norm', right)).passed).toBe(true);
    for (let i = 0; i < 3; i++) {
      expect(
        (await people['s2']!.submitAndWait('transformer/layer-norm', `${wrong}\n// ${i}`)).passed,
      ).toBe(false);
    }
    expect(
      (
        await people['s2']!.submitAndWait(
          'transformer/causal-mask',
          exerciseFile('transformer/causal-mask', 'solution'),
        )
      ).passed,
    ).toBe(true);
    expect((await people['s2']!.submitAndWait('transformer/layer-norm', right)).passed).toBe(true);
    // the fifth layer-norm submission passes the cap of 4
    const capped = await people['s2']!.post('/api/submissions', {
      exerciseId: 'transformer/layer-norm',
      code: right,
    });
    expect(capped.status).toBe(409);
    expect(capped.body.error.code).toBe('attempt-cap');

    const lateMatrix = (await people['t1']!.get(`/api/assignments/${late.id}/matrix`)).body
      .students;
    const s1 = lateMatrix.find(
      (r: { student: { name: string } }) => r.student.name === names['s1'],
    );
    expect(s1.cells['transformer/layer-norm']).toMatchObject({
      status: 'passed-late',
      late: true,
      rawScore: 1,
      score: 0.75,
    });
    expect(s1.score).toBeCloseTo(0.75, 12);

    const matrix = (await people['t1']!.get(`/api/assignments/${onTime.id}/matrix`)).body.students;
    const s2 = matrix.find((r: { student: { name: string } }) => r.student.name === names['s2']);
    expect(s2.cells['transformer/causal-mask']).toMatchObject({
      status: 'passed',
      late: false,
      score: 1,
      attempts: 1,
    });
    expect(s2.cells['transformer/layer-norm']).toMatchObject({ status: 'passed', attempts: 4 });
    expect(s2.score).toBe(1);
    const own = (await people['s2']!.get('/api/assignments')).body.assignments;
    expect(own.map((a: { title: string }) => a.title).sort()).toEqual([
      'Causal mask',
      'LayerNorm (late)',
    ]);
    expect((await people['s3']!.get('/api/assignments')).body.assignments).toEqual([]);
  }, 300_000);

  it('shows the pass rate, attempts until passing, the common mistake and who is stuck', async () => {
    const stats = (await people['t1']!.get(`/api/assignments/${onTime.id}/stats`)).body.exercises;
    const layerNorm = stats.find(
      (e: { exerciseId: string }) => e.exerciseId === 'transformer/layer-norm',
    );
    expect(layerNorm).toMatchObject({ students: 2, started: 2, passed: 2, passRate: 1 });
    expect(layerNorm.attemptsUntilPass).toMatchObject({ median: 1, mean: 2.5 });
    expect(layerNorm.mistakes[0]).toMatchObject({ mistake: 'unbiased-variance', count: 3 });
    const history = (
      await people['t1']!.get(
        `/api/classes/${classA.id}/students/${(await people['s2']!.get('/api/me')).body.user.id}/submissions?exercise=transformer/layer-norm`,
      )
    ).body.submissions;
    expect(history).toHaveLength(4);
    expect(history[0]).toMatchObject({ passed: false, graderVersion: expect.any(String) });
    expect(history[0].code).toContain('// 0');
    expect(history[0].diagnosis.mistake).toBe('unbiased-variance');
    expect(history[0].gradings).toHaveLength(1);

    const s1Id = (await people['s1']!.get('/api/me')).body.user.id;
    const timeline = (
      await people['t1']!.get(`/api/classes/${classA.id}/students/${s1Id}/timeline`)
    ).body;
    expect(timeline.student.name).toBe(names['s1']);
    expect(timeline.events).toHaveLength(1);
    expect(timeline.events[0]).toMatchObject({
      exerciseId: 'transformer/layer-norm',
      passed: true,
      lateFor: [late.id],
    });
  });

  it('exports a gradebook CSV that a spreadsheet reads back, names intact and formulas defused', async () => {
    const response = await fetch(`${site.baseUrl}/api/assignments/${late.id}/grades.csv`, {
      headers: { cookie: `session=${people['t1']!.cookie}` },
    });
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(['student', 'email', 'score', 'late', 'submitted_at', 'attempts']);
    const byName = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byName.get('Lee, "Ann"')).toEqual([
      names['s1'],
      address('s1'),
      '75',
      'yes',
      expect.stringMatching(/^\d{4}-/),
      '1',
    ]);
    // 张伟's work on LayerNorm came after this assignment's due time too: late, best of four
    expect(byName.get('张伟')).toEqual([
      names['s2'],
      address('s2'),
      '75',
      'yes',
      expect.any(String),
      '4',
    ]);

    // class B: a name that a spreadsheet would run as a formula
    const assignment = (
      await people['t2']!.post(`/api/classes/${classB.id}/assignments`, {
        title: 'B homework',
        exerciseIds: ['transformer/causal-mask'],
        opensAt: iso(Date.now() - HOUR),
        dueAt: iso(Date.now() + HOUR),
        timeZone: 'Europe/Berlin',
      })
    ).body.assignment;
    const classCsv = await fetch(`${site.baseUrl}/api/classes/${classB.id}/grades.csv`, {
      headers: { cookie: `session=${people['t2']!.cookie}` },
    });
    const classRows = parseCsv(await classCsv.text());
    expect(classRows[0]![0]).toBe('assignment');
    expect(classRows.some((r) => r[1] === `'${names['s3']}`)).toBe(true);
    expect(classRows.filter((r) => r[0] === 'B homework')).toHaveLength(2);
    void assignment;
  });

  it('keeps each teacher to their own classes, and students out', async () => {
    const s1Id = (await people['s1']!.get('/api/me')).body.user.id;
    const t2 = people['t2']!;
    for (const path of [
      `/api/classes/${classA.id}`,
      `/api/assignments/${onTime.id}/matrix`,
      `/api/assignments/${onTime.id}/stats`,
      `/api/assignments/${onTime.id}/grades.csv`,
      `/api/classes/${classA.id}/grades.csv`,
      `/api/classes/${classA.id}/students/${s1Id}/submissions?exercise=transformer/layer-norm`,
      `/api/classes/${classA.id}/students/${s1Id}/timeline`,
    ]) {
      expect({ path, status: (await t2.get(path)).status }).toEqual({ path, status: 404 });
      expect({ path, status: (await people['s1']!.get(path)).status }).toEqual({
        path,
        status: 403,
      });
    }
    expect((await t2.post(`/api/assignments/${onTime.id}/regrade`)).status).toBe(404);
    expect((await t2.post(`/api/classes/${classA.id}/assignments`, {})).status).toBe(404);
    expect((await t2.request('DELETE', `/api/classes/${classA.id}/members/${s1Id}`)).status).toBe(
      404,
    );
    expect((await people['s2']!.post(`/api/assignments/${onTime.id}/regrade`)).status).toBe(403);
    // t2 sees s1 in class B, not class A's work
    const b = (await t2.get(`/api/classes/${classB.id}`)).body;
    expect(b.students.map((s: { name: string }) => s.name).sort()).toEqual(
      [names['s1'], names['s3']].sort(),
    );
  });

  it('regrades an assignment with one action and keeps the old scores', async () => {
    const t1 = people['t1']!;
    const started = await t1.post(`/api/assignments/${onTime.id}/regrade`);
    expect(started.status).toBe(202);
    const regradeId = started.body.regrade.id;
    expect(started.body.regrade.submissions).toBe(6);
    let result;
    const deadline = Date.now() + 120_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = (await t1.get(`/api/regrades/${regradeId}`)).body;
    } while (result.pending > 0 && Date.now() < deadline);
    expect(result.pending).toBe(0);
    expect(result.changes).toHaveLength(6);
    for (const change of result.changes) {
      expect(change.before).not.toBeNull();
      // same code, same grader: the verdicts agree (the seeds differ)
      expect(change.after.passed).toBe(change.before.passed);
      expect(change.changed).toBe(false);
    }
    const s2Id = (await people['s2']!.get('/api/me')).body.user.id;
    const history = (
      await t1.get(
        `/api/classes/${classA.id}/students/${s2Id}/submissions?exercise=transformer/causal-mask`,
      )
    ).body.submissions;
    expect(history[0].gradings).toHaveLength(2);
    expect(history[0].gradings[1].regradeId).toBe(regradeId);
    expect((await people['t2']!.get(`/api/regrades/${regradeId}`)).status).toBe(404);
  }, 180_000);

  it('after the graders change, a regrade lists the scores that moved and keeps the old ones', async () => {
    const t1 = people['t1']!;
    const mine = (await people['s1']!.get('/api/submissions?exercise=transformer/layer-norm')).body
      .submissions as { id: number; passed: boolean }[];
    const target = mine.find((s) => s.passed)!;
    // what an older, stricter grader left: s1's solution scored 25% by version 0.9.0. Written
    // with the server stopped, since PGlite has one owner.
    const port = Number(new URL(site.baseUrl).port);
    await site.stop();
    const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: dataDir! });
    try {
      const older = { score: 0.25, passed: false, graderVersion: '0.9.0' };
      await database.db.update(submissions).set(older).where(eq(submissions.id, target.id));
      await database.db.update(gradings).set(older).where(eq(gradings.submissionId, target.id));
      // written by hand, not by a grading: the stored standings are recomputed at start, as
      // the operator's guide says (db/schema.ts, assignment_standings)
      await database.db.update(assignments).set({ standingsVersion: 0 });
    } finally {
      await database.close();
    }
    site = await startSite(databaseUrl ? { databaseUrl, port } : { dataDir: dataDir!, port });
    // the start recomputed the standings marked stale, and (PGlite) vacuumed the database
    expect(site.output()).toMatch(/homework: standings of [1-9]\d* assignment\(s\) recomputed/);
    if (!databaseUrl) expect(site.output()).toMatch(/database: vacuumed and analyzed in \d+ ms/);
    const cell = async () =>
      (await t1.get(`/api/assignments/${onTime.id}/matrix`)).body.students.find(
        (r: { student: { name: string } }) => r.student.name === names['s1'],
      ).cells['transformer/layer-norm'];
    expect(await cell()).toMatchObject({ status: 'failing', score: 0.25 });

    const started = await t1.post(`/api/assignments/${onTime.id}/regrade`);
    expect(started.status).toBe(202);
    let result;
    const deadline = Date.now() + 120_000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = (await t1.get(`/api/regrades/${started.body.regrade.id}`)).body;
    } while (result.pending > 0 && Date.now() < deadline);
    expect(result.pending).toBe(0);
    const moved = result.changes.filter((c: { changed: boolean }) => c.changed);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({
      submissionId: target.id,
      student: names['s1'],
      before: { score: 0.25, passed: false, graderVersion: '0.9.0' },
      after: { score: 1, passed: true, graderVersion: started.body.regrade.graderVersion },
    });
    expect(started.body.regrade.graderVersion).not.toBe('0.9.0');
    expect(await cell()).toMatchObject({ status: 'passed', score: 1 });
    // every grading is kept: the old grader's two, and the new one
    const s1Id = (await people['s1']!.get('/api/me')).body.user.id;
    const history = (
      await t1.get(
        `/api/classes/${classA.id}/students/${s1Id}/submissions?exercise=transformer/layer-norm`,
      )
    ).body.submissions.find((s: { id: number }) => s.id === target.id);
    expect(history.gradings.map((g: { graderVersion: string }) => g.graderVersion)).toEqual([
      '0.9.0',
      '0.9.0',
      started.body.regrade.graderVersion,
    ]);
    expect(history.gradings.map((g: { score: number }) => g.score)).toEqual([0.25, 0.25, 1]);
  }, 240_000);

  it('removes a student from the roster', async () => {
    const s2Id = (await people['s2']!.get('/api/me')).body.user.id;
    expect(
      (await people['t1']!.request('DELETE', `/api/classes/${classA.id}/members/${s2Id}`)).status,
    ).toBe(204);
    const roster = (await people['t1']!.get(`/api/classes/${classA.id}`)).body.students;
    expect(roster.map((s: { name: string }) => s.name)).toEqual([names['s1']]);
    expect((await people['s2']!.get('/api/classes')).body.joined).toEqual([]);
  });
});
