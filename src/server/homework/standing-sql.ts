// The standing of every student of an assignment on each of its exercises, computed in the
// database: a class of 300 with 20 submissions per exercise is 108,000 rows, too many to
// ship to the server to pick a few thousand. The rules are those of standing.ts (opening
// time, attempt cap, cut-off, days late on the zone's wall clock, best or last); a test
// checks that both give the same standings.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
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
  assignmentId: number,
): Promise<Map<string, Map<string, Standing>>> {
  const result = (await db.execute(sql`
    with a as (
      select * from assignments where id = ${assignmentId}
    ), r as (
      select s.id, s.user_id, s.exercise_id, s.created_at, s.state, s.score, s.passed,
        row_number() over (partition by s.user_id, s.exercise_id order by s.id) as n,
        case when s.created_at <= a.due_at then 0
          else greatest(1, ceil(extract(epoch from
            (s.created_at at time zone a.time_zone) - (a.due_at at time zone a.time_zone)) / 86400))::int
        end as days_late
      from a
      join class_members m on m.class_id = a.class_id
      join submissions s on s.user_id = m.user_id
      where s.exercise_id in (select jsonb_array_elements_text(a.exercise_ids))
        and s.created_at >= a.opens_at
    ), c as (
      select r.*,
        (a.max_attempts is null or r.n <= a.max_attempts) as within_cap,
        r.state <> 'queued'
          and not (a.late_policy = 'cutoff' and a.cutoff_at is not null and r.created_at > a.cutoff_at)
          as counts,
        (case when r.state = 'graded' then coalesce(r.score, 0) else 0 end)
          * (case when a.late_policy = 'per-day'
               then greatest(0, 1 - a.penalty_per_day * r.days_late) else 1 end) as value,
        a.counts as rule
      from r, a
    ), counted as (
      select distinct on (user_id, exercise_id) user_id, exercise_id, id, created_at, score,
        passed, days_late > 0 as late, value
      from c
      where within_cap and counts
      order by user_id, exercise_id,
        case when rule = 'best' then value end desc nulls last,
        case when rule = 'last' then id end desc nulls last,
        id
    ), totals as (
      select user_id, exercise_id, count(*)::int as attempts,
        bool_or(state = 'queued') as pending
      from c where within_cap
      group by user_id, exercise_id
    )
    select t.user_id, t.exercise_id, t.attempts, t.pending,
      k.id as counted_id, k.created_at as counted_at, k.score as counted_score,
      k.passed as counted_passed, k.late as counted_late, k.value
    from totals t
    left join counted k on k.user_id = t.user_id and k.exercise_id = t.exercise_id`)) as unknown as {
    rows: Row[];
  };
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
