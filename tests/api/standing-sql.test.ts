// The matrix's standings come from SQL, the student's own view and the unit tests from
// standing.ts: on random homework histories (late days across a DST change, cut-offs, caps,
// best and last, queued and failed gradings) the two must agree exactly.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import type { Database } from '../../db/client.ts';
import { assignments, classMembers, classes, submissions, users } from '../../db/schema.ts';
import { rulesOf } from '../../src/server/homework/service.ts';
import { standingOf } from '../../src/server/homework/standing.ts';
import { standingsInSql } from '../../src/server/homework/standing-sql.ts';
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
});
