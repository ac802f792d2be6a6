// The standing of every student of an assignment on each of its exercises, computed in the
// database: a class of 300 with 20 submissions per exercise is 108,000 rows, too many to
// ship to the server to pick a few thousand. The rules are those of standing.ts (opening
// time, attempt cap, cut-off, days late on the zone's wall clock, best or last); a test
// checks that both give the same standings.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { AssignmentRow } from './service.ts';
import type { Standing, Status } from './standing.ts';

interface Row {
  user_id: string;
  exercise_id: string;
  attempts: number;
  pending: boolean;
  counted_id: string | number | null;
  counted_at: string | Date | null;
  counted_score: number | null;
  counted_passed: boolean | null;
  counted_late: boolean | null;
  value: number | null;
}

/** Standings keyed by student id, then exercise id (absent: not started). */
export async function standingsInSql(
  db: Db,
  a: AssignmentRow,
): Promise<Map<string, Map<string, Standing>>> {
  if (a.exerciseIds.length === 0) return new Map();
  // the assignment's rules go in as constants, so the plan is made for them: no numbering of
  // attempts without a cap, the exercise list as an IN list the index can use
  const exercises = sql.join(
    a.exerciseIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const numbered =
    a.maxAttempts === null
      ? sql`true`
      : sql`row_number() over (partition by s.user_id, s.exercise_id order by s.id) <= ${a.maxAttempts}`;
  const afterCutoff =
    a.latePolicy === 'cutoff' && a.cutoffAt ? sql`s.created_at > ${a.cutoffAt}` : sql`false`;
  const factor =
    a.latePolicy === 'per-day'
      ? sql`greatest(0, 1 - ${a.penaltyPerDay}::float8 * (case when s.created_at <= ${a.dueAt} then 0
          else greatest(1, ceil(extract(epoch from
            (s.created_at at time zone ${a.timeZone}) - (${a.dueAt}::timestamptz at time zone ${a.timeZone})) / 86400))
          end))`
      : sql`1`;
  // each student's counted submission per exercise, by hash aggregates: sorting the whole
  // class's submissions by text keys was most of the time
  const pick =
    a.counts === 'best'
      ? sql`best as (
          select user_id, exercise_id, max(value) as value
          from c where within_cap and counts group by user_id, exercise_id
        ), counted_id as (
          select c.user_id, c.exercise_id, min(c.id) as id
          from c join best b on b.user_id = c.user_id and b.exercise_id = c.exercise_id
            and c.value = b.value
          where c.within_cap and c.counts
          group by c.user_id, c.exercise_id
        )`
      : sql`counted_id as (
          select user_id, exercise_id, max(id) as id
          from c where within_cap and counts group by user_id, exercise_id
        )`;
  const counted = sql`${pick}, counted as (
      select c.user_id, c.exercise_id, c.id, c.created_at, c.score, c.passed, c.late, c.value
      from counted_id k join c on c.id = k.id
    )`;
  const query = sql`
    with c as (
      select s.id, s.user_id, s.exercise_id, s.created_at, s.state, s.score, s.passed,
        ${numbered} as within_cap,
        s.state <> 'queued' and not (${afterCutoff}) as counts,
        s.created_at > ${a.dueAt} as late,
        (case when s.state = 'graded' then coalesce(s.score, 0) else 0 end) * ${factor} as value
      from class_members m
      join submissions s on s.user_id = m.user_id
      where m.class_id = ${a.classId}
        and s.exercise_id in (${exercises})
        and s.created_at >= ${a.opensAt}
    ), ${counted}, totals as (
      select user_id, exercise_id, count(*)::int as attempts,
        bool_or(state = 'queued') as pending
      from c where within_cap
      group by user_id, exercise_id
    )
    select t.user_id, t.exercise_id, t.attempts, t.pending,
      k.id as counted_id, k.created_at as counted_at, k.score as counted_score,
      k.passed as counted_passed, k.late as counted_late, k.value
    from totals t
    left join counted k on k.user_id = t.user_id and k.exercise_id = t.exercise_id`;
  // sorting a large class's submissions in memory, not on disk
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    return (await tx.execute(query)) as unknown as { rows: Row[] };
  });
  const out = new Map<string, Map<string, Standing>>();
  for (const row of result.rows) {
    const counted = row.counted_id !== null;
    let status: Status = 'not-started';
    if (counted)
      status = row.counted_passed ? (row.counted_late ? 'passed-late' : 'passed') : 'failing';
    if (row.pending && status === 'not-started') status = 'pending';
    const standing: Standing = {
      status,
      score: counted ? Number(row.value) : null,
      rawScore: counted ? row.counted_score : null,
      late: counted ? Boolean(row.counted_late) : false,
      submittedAt: counted ? new Date(row.counted_at!) : null,
      attempts: row.attempts,
      countedId: counted ? Number(row.counted_id) : null,
    };
    let byExercise = out.get(row.user_id);
    if (!byExercise) out.set(row.user_id, (byExercise = new Map()));
    byExercise.set(row.exercise_id, standing);
  }
  return out;
}
