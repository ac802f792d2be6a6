// The matrix's standings come from SQL, the student's own view and the unit tests from
// standing.ts: on random homework histories (late days across a DST change, cut-offs, caps,
// best and last, queued and failed gradings) the two must agree exactly. And the matrix reads
// them from a table kept up to date by each write: after random sequences of submissions,
// gradings, give-ups, joins, leaves and new assignments, the table must equal a computation
// from scratch, and the statistics kept beside it must equal a count over the submissions.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import type { Database } from '../../db/client.ts';
import { eq } from 'drizzle-orm';
import {
  assignmentStandings,
  assignments,
  classMembers,
  classes,
  submissions,
  users,
} from '../../db/schema.ts';
import { claimJob, completeJob, enqueueSubmission, failJob } from '../../src/server/queue.ts';
import {
  assignmentStats,
  createAssignment,
  joinClass,
  removeMember,
  rulesOf,
} from '../../src/server/homework/service.ts';
import type { AssignmentRow } from '../../src/server/homework/service.ts';
import { standingOf } from '../../src/server/homework/standing.ts';
import { standingsInSql } from '../../src/server/homework/standing-sql.ts';
import {
  refreshStaleStandings,
  storedStandings,
} from '../../src/server/homework/standings-table.ts';
import type { SessionUser } from '../../src/server/sessions.ts';
import { DATABASES, freshPostgresDatabase } from '../helpers/api.ts';

const HOUR = 3_600_000;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(DATABASES)('standings in SQL and in TypeScript agree, on %s', (kind) => {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (kind === 'postgres') {
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      database = await openDatabase({ url: fresh.url });
    } else {
      database = await openDatabase({
        dataDir: await mkdtemp(join(tmpdir(), 'attention-lab-sql-')),
      });
    }
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('on random histories under every policy', async () => {
    const { db } = database;
    const random = rng(20261203);
    await db
      .insert(users)
      .values({ id: 't', email: 't@x', name: 'T', passwordHash: 'x', role: 'teacher' });
    const students = Array.from({ length: 12 }, (_, i) => ({
      id: `s${i}`,
      email: `s${i}@x`,
      name: `S${i}`,
      passwordHash: 'x',
    }));
    await db.insert(users).values(students);
    const [klass] = await db
      .insert(classes)
      .values({ teacherId: 't', name: 'C', joinCode: 'SQLTEST2' })
      .returning();
    await db
      .insert(classMembers)
      .values(students.map((s) => ({ classId: klass!.id, userId: s.id })));
    const exerciseIds = [
      'transformer/layer-norm',
      'transformer/causal-mask',
      'swin/window-partition',
    ];

    // due just before New York's spring-forward night, so late days cross the short day
    const dueAt = new Date('2026-03-07T23:59:00-05:00');
    const opensAt = new Date(dueAt.getTime() - 5 * 24 * HOUR);
    const policies = [
      {
        latePolicy: 'per-day',
        penaltyPerDay: 0.15,
        timeZone: 'America/New_York',
        counts: 'best',
        maxAttempts: null,
        cutoffAt: null,
      },
      {
        latePolicy: 'per-day',
        penaltyPerDay: 0.3,
        timeZone: 'Asia/Shanghai',
        counts: 'last',
        maxAttempts: 4,
        cutoffAt: null,
      },
      {
        latePolicy: 'cutoff',
        penaltyPerDay: 0,
        timeZone: 'Europe/Berlin',
        counts: 'best',
        maxAttempts: 3,
        cutoffAt: new Date(dueAt.getTime() + 36 * HOUR),
      },
      {
        latePolicy: 'none',
        penaltyPerDay: 0,
        timeZone: 'UTC',
        counts: 'last',
        maxAttempts: null,
        cutoffAt: null,
      },
    ] as const;
    const made = [];
    for (const policy of policies) {
      const [row] = await db
        .insert(assignments)
        .values({
          classId: klass!.id,
          title: policy.latePolicy,
          exerciseIds,
          opensAt,
          dueAt,
          ...policy,
        })
        .returning();
      made.push(row!);
    }

    const rows: (typeof submissions.$inferInsert)[] = [];
    for (const student of students) {
      for (const exerciseId of exerciseIds) {
        const n = Math.floor(random() * 7);
        for (let k = 0; k < n; k++) {
          // from a day before opening to four days after the due time
          const createdAt = new Date(opensAt.getTime() + (random() * 10 - 1) * 24 * HOUR);
          const state = random() < 0.1 ? 'queued' : random() < 0.1 ? 'failed' : 'graded';
          const score = state === 'graded' ? Math.round(random() * 10) / 10 : null;
          rows.push({
            userId: student.id,
            exerciseId,
            code: '',
            state,
            score,
            passed: score === 1,
            createdAt,
          });
        }
      }
    }
    // ids in the order made, as the server assigns them
    rows.sort((x, y) => x.createdAt!.getTime() - y.createdAt!.getTime());
    await db.insert(submissions).values(rows);
    const stored = await db.select().from(submissions);
    stored.sort((x, y) => x.id - y.id);

    let compared = 0;
    let late = 0;
    for (const assignment of made) {
      const fromSql = await standingsInSql(db, assignment);
      for (const student of students) {
        for (const exerciseId of exerciseIds) {
          const expected = standingOf(
            rulesOf(assignment),
            stored.filter((s) => s.userId === student.id && s.exerciseId === exerciseId),
          );
          const got = fromSql.get(student.id)?.get(exerciseId);
          if (expected.attempts === 0) {
            expect(got).toBeUndefined();
            continue;
          }
          expect({ assignment: assignment.title, student: student.id, exerciseId, ...got }).toEqual(
            {
              assignment: assignment.title,
              student: student.id,
              exerciseId,
              ...expected,
            },
          );
          compared++;
          if (expected.late) late++;
        }
      }
    }
    // the random histories exercised the interesting cases
    expect(compared).toBeGreaterThan(80);
    expect(late).toBeGreaterThan(10);
  }, 120_000);

  it('in the stored table, after every kind of write', async () => {
    const { db } = database;
    const random = rng(20261204);
    await db
      .insert(users)
      .values({ id: 't2', email: 't2@x', name: 'T2', passwordHash: 'x', role: 'teacher' });
    const students: SessionUser[] = Array.from({ length: 8 }, (_, i) => ({
      id: `q${i}`,
      email: `q${i}@x`,
      name: `Q${i}`,
      role: 'learner',
    }));
    await db.insert(users).values(students.map((s) => ({ ...s, passwordHash: 'x' })));
    const [klass] = await db
      .insert(classes)
      .values({ teacherId: 't2', name: 'Kept', joinCode: 'KEPTTBL2' })
      .returning();
    // another class with the same exercise: its assignment must not see this class's work
    const [other] = await db
      .insert(classes)
      .values({ teacherId: 't2', name: 'Other', joinCode: 'OTHERCL2' })
      .returning();
    const exerciseIds = ['transformer/layer-norm', 'transformer/causal-mask'];
    const mistakes = ['unbiased-variance', 'wrong-axis', 'no-epsilon'];
    const now = Date.now();
    const base = {
      opensAt: new Date(now - 3_600_000),
      timeZone: 'Asia/Shanghai',
      cutoffAt: null,
    };
    const made: AssignmentRow[] = [
      await createAssignment(db, klass!.id, {
        ...base,
        title: 'best, on time',
        exerciseIds,
        dueAt: new Date(now + 86_400_000),
        latePolicy: 'none',
        penaltyPerDay: 0,
        maxAttempts: null,
        counts: 'best',
      }),
      await createAssignment(db, other!.id, {
        ...base,
        title: 'other class',
        exerciseIds: [exerciseIds[0]!],
        dueAt: new Date(now + 86_400_000),
        latePolicy: 'none',
        penaltyPerDay: 0,
        maxAttempts: null,
        counts: 'best',
      }),
    ];
    const members = new Set<string>();
    const check = async () => {
      for (const a of made) {
        const fresh = await standingsInSql(db, a);
        const stored = await storedStandings(db, a);
        const kept = new Map(
          [...stored].map(([user, cells]) => [
            user,
            new Map([...cells].map(([exercise, cell]) => [exercise, cell.standing])),
          ]),
        );
        expect(kept, a.title).toEqual(fresh);
        // the statistics' counts, straight from the submissions
        const subs = (await db.select().from(submissions)).filter(
          (s) =>
            s.state !== 'queued' &&
            s.createdAt >= a.opensAt &&
            a.exerciseIds.includes(s.exerciseId) &&
            stored.has(s.userId),
        );
        for (const [user, cells] of stored) {
          for (const [exercise, cell] of cells) {
            const mine = subs
              .filter((s) => s.userId === user && s.exerciseId === exercise)
              .sort((x, y) => x.id - y.id);
            const firstPass = mine.findIndex((s) => s.passed);
            const counts: Record<string, number> = {};
            for (const s of mine) {
              const mistake = (s.diagnosis as { mistake?: string } | null)?.mistake;
              if (!s.passed && mistake) counts[mistake] = (counts[mistake] ?? 0) + 1;
            }
            expect({
              user,
              exercise,
              graded: cell.graded,
              until: cell.untilPass,
              m: cell.mistakes,
            }).toEqual({
              user,
              exercise,
              graded: mine.length,
              until: firstPass < 0 ? null : firstPass + 1,
              m: counts,
            });
          }
        }
      }
    };

    let submitted = 0;
    let graded = 0;
    let failed = 0;
    for (let step = 0; step < 160; step++) {
      const r = random();
      const student = students[Math.floor(random() * students.length)]!;
      if (r < 0.12) {
        // join this class (twice is harmless), or the other one
        const code = random() < 0.8 ? 'KEPTTBL2' : 'OTHERCL2';
        await joinClass(db, student, code);
        if (code === 'KEPTTBL2') members.add(student.id);
      } else if (r < 0.17 && members.has(student.id)) {
        await removeMember(db, klass!.id, student.id);
        members.delete(student.id);
      } else if (r < 0.6) {
        const exerciseId = exerciseIds[Math.floor(random() * exerciseIds.length)]!;
        await enqueueSubmission(db, { userId: student.id, exerciseId, code: `// ${step}` });
        submitted++;
      } else {
        const job = await claimJob(db, 60_000);
        if (!job) continue;
        if (random() < 0.1) {
          await failJob(db, job.jobId, job.submissionId, 'test: the grader gave up');
          failed++;
          continue;
        }
        const score = Math.round(random() * 4) / 4;
        await completeJob(db, job, {
          exercise: job.exerciseId,
          passed: score === 1,
          score,
          checks: [],
          diagnosis:
            score === 1 || random() < 0.3
              ? null
              : ({
                  mistake: mistakes[Math.floor(random() * mistakes.length)]!,
                  title: { zh: '', en: '' },
                  hint: { zh: '', en: '' },
                } as never),
          error: null,
          seed: step,
          graderVersion: 'test',
          durationMs: 1,
          logs: [],
        });
        graded++;
      }
      if (step === 70) {
        // set when the class has worked for a while: capped, the last counts, already late
        made.push(
          await createAssignment(db, klass!.id, {
            ...base,
            title: 'last, capped, late',
            exerciseIds,
            dueAt: new Date(now - 60_000),
            latePolicy: 'per-day',
            penaltyPerDay: 0.25,
            maxAttempts: 3,
            counts: 'last',
          }),
        );
      }
      if (step % 40 === 39) await check();
    }
    await check();
    expect(submitted).toBeGreaterThan(40);
    expect(graded).toBeGreaterThan(20);
    expect(failed).toBeGreaterThan(0);
    // the statistics page reads the same cells
    const stats = await assignmentStats(db, made[0]!);
    const stored = await storedStandings(db, made[0]!);
    const started = [...stored.values()].filter(
      (cells) => (cells.get(exerciseIds[0]!)?.graded ?? 0) > 0,
    );
    expect(stats.exercises[0]!.started).toBe(started.length);
    expect(stats.exercises[0]!.mistakes.reduce((n, m) => n + m.count, 0)).toBe(
      [...stored.values()].reduce(
        (n, cells) =>
          n + Object.values(cells.get(exerciseIds[0]!)?.mistakes ?? {}).reduce((x, y) => x + y, 0),
        0,
      ),
    );
  }, 120_000);

  it('recomputed at start when stored by older rules, or never', async () => {
    const { db } = database;
    const all = await db.select().from(assignments);
    const before = new Map<number, unknown>();
    for (const a of all) before.set(a.id, await standingsInSql(db, a));
    // as a database migrated from before the table existed: no cells, version 0
    await db.delete(assignmentStandings);
    await db.update(assignments).set({ standingsVersion: 0 });
    expect(await refreshStaleStandings(db)).toBe(all.length);
    expect(await refreshStaleStandings(db)).toBe(0);
    for (const a of all) {
      const stored = await storedStandings(db, a);
      const kept = new Map(
        [...stored].map(([user, cells]) => [
          user,
          new Map([...cells].map(([exercise, cell]) => [exercise, cell.standing])),
        ]),
      );
      expect(kept).toEqual(before.get(a.id));
    }
    expect(all.some((a) => a.exerciseIds.length > 0)).toBe(true);
    expect((await db.select().from(assignmentStandings)).length).toBeGreaterThan(20);
  });

  it.runIf(kind === 'postgres')('when gradings of one cell land at once', async () => {
    // two workers finishing the same student's exercise in parallel transactions: each
    // refresh must see the other's grading, or wait for it
    const { db } = database;
    const [a] = await db.select().from(assignments).where(eq(assignments.title, 'best, on time'));
    const [member] = await db
      .select()
      .from(classMembers)
      .where(eq(classMembers.classId, a!.classId));
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 3; i++) {
        await enqueueSubmission(db, {
          userId: member!.userId,
          exerciseId: 'transformer/causal-mask',
          code: `// race ${round} ${i}`,
        });
      }
      const jobs = [];
      for (let job = await claimJob(db, 60_000); job; job = await claimJob(db, 60_000))
        jobs.push(job);
      await Promise.all(
        jobs.map((job, i) =>
          completeJob(db, job, {
            exercise: job.exerciseId,
            passed: false,
            score: ((i + round) % 4) / 4,
            checks: [],
            diagnosis: null,
            error: null,
            seed: i,
            graderVersion: 'test',
            durationMs: 1,
            logs: [],
          }),
        ),
      );
      const fresh = await standingsInSql(db, a!, { userId: member!.userId });
      const stored = await storedStandings(db, a!);
      expect(stored.get(member!.userId)?.get('transformer/causal-mask')?.standing).toEqual(
        fresh.get(member!.userId)?.get('transformer/causal-mask'),
      );
    }
  });
});
