// The standing of every student of an assignment on each of its exercises, computed in the
// database from the submissions: a class of 300 with 20 submissions per exercise is 108,000
// rows, too many to ship to the server to pick a few thousand. The rules are those of
// standing.ts (opening time, attempt cap, cut-off, days late on the zone's wall clock, best or
// last); a test checks that both give the same standings. The same query, narrowed to one
// student (and exercise), keeps the stored standings table up to date (standings-table.ts),
// with what the statistics need beside each cell: graded submissions, those until the first
// pass, and the diagnosed mistakes.
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { AssignmentRow } from './service.ts';
import type { Standing, Status } from './standing.ts';

/** Which cells: the whole class, one student, or one student's one exercise. */
export interface Scope {
  userId?: string;
  exerciseId?: string;
}

interface StandingRow {
  user_id: string;
  exercise_id: string;
  status: Status;
  attempts: number;
  counted_id: string | number | null;
  counted_at: string | Date | null;
  counted_score: number | null;
  counted_late: boolean | null;
  value: number | null;
  graded: number;
  until_pass: number | null;
  mistakes: Record<string, number>;
}

/**
 * One row per student and exercise with a submission since the assignment opened; the
 * columns of StandingRow. `a.exerciseIds` must not be empty.
 */
export function standingsQuery(a: AssignmentRow, scope: Scope = {}): SQL {
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
  const exerciseFilter =
    scope.exerciseId !== undefined
      ? sql`s.exercise_id = ${scope.exerciseId}`
      : sql`s.exercise_id in (${exercises})`;
  const userFilter = scope.userId !== undefined ? sql`and m.user_id = ${scope.userId}` : sql``;
  return sql`
    with c as (
      select s.id, s.user_id, s.exercise_id, s.created_at, s.state, s.score, s.passed,
        ${numbered} as within_cap,
        s.state <> 'queued' and not (${afterCutoff}) as counts,
        s.created_at > ${a.dueAt} as late,
        (case when s.state = 'graded' then coalesce(s.score, 0) else 0 end) * ${factor} as value,
        s.state <> 'queued' as graded,
        s.diagnosis ->> 'mistake' as mistake
      from class_members m
      join submissions s on s.user_id = m.user_id
      where m.class_id = ${a.classId} ${userFilter}
        and ${exerciseFilter}
        and s.created_at >= ${a.opensAt}
    ), ${counted}, totals as (
      select user_id, exercise_id,
        (count(*) filter (where within_cap))::int as attempts,
        coalesce(bool_or(state = 'queued') filter (where within_cap), false) as pending,
        (count(*) filter (where graded))::int as graded,
        min(id) filter (where graded and coalesce(passed, false)) as first_pass
      from c
      group by user_id, exercise_id
    ), until_pass as (
      select c.user_id, c.exercise_id, count(*)::int as n
      from c join totals t on t.user_id = c.user_id and t.exercise_id = c.exercise_id
      where c.graded and c.id <= t.first_pass
      group by c.user_id, c.exercise_id
    ), mistakes as (
      select user_id, exercise_id, jsonb_object_agg(mistake, n) as mistakes
      from (
        select user_id, exercise_id, mistake, count(*)::int as n
        from c where graded and not coalesce(passed, false) and mistake is not null
        group by user_id, exercise_id, mistake
      ) x
      group by user_id, exercise_id
    )
    select t.user_id, t.exercise_id,
      case
        when k.id is null then case when t.pending then 'pending' else 'not-started' end
        when k.passed then case when k.late then 'passed-late' else 'passed' end
        else 'failing'
      end as status,
      t.attempts, k.id as counted_id, k.created_at as counted_at, k.score as counted_score,
      k.late as counted_late, k.value, t.graded, u.n as until_pass,
      coalesce(m.mistakes, '{}'::jsonb) as mistakes
    from totals t
    left join counted k on k.user_id = t.user_id and k.exercise_id = t.exercise_id
    left join until_pass u on u.user_id = t.user_id and u.exercise_id = t.exercise_id
    left join mistakes m on m.user_id = t.user_id and m.exercise_id = t.exercise_id`;
}

/** A row of the standings query as the Standing of standing.ts. */
function standingFromRow(row: StandingRow): Standing {
  const counted = row.counted_id !== null;
  return {
    status: row.status,
    score: counted ? Number(row.value) : null,
    rawScore: counted ? row.counted_score : null,
    late: counted ? Boolean(row.counted_late) : false,
    submittedAt: counted ? new Date(row.counted_at!) : null,
    attempts: row.attempts,
    countedId: counted ? Number(row.counted_id) : null,
  };
}

/**
 * Standings keyed by student id, then exercise id (absent: not started), computed afresh from
 * the submissions: what the stored table must always equal.
 */
export async function standingsInSql(
  db: Db,
  a: AssignmentRow,
  scope: Scope = {},
): Promise<Map<string, Map<string, Standing>>> {
  const out = new Map<string, Map<string, Standing>>();
  if (a.exerciseIds.length === 0) return out;
  // sorting a large class's submissions in memory, not on disk
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    return (await tx.execute(standingsQuery(a, scope))) as unknown as { rows: StandingRow[] };
  });
  for (const row of result.rows) {
    let byExercise = out.get(row.user_id);
    if (!byExercise) out.set(row.user_id, (byExercise = new Map()));
    byExercise.set(row.exercise_id, standingFromRow(row));
  }
  return out;
}
