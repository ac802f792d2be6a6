import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import { assignments, submissions } from '../../../../../db/schema.ts';
import { serverContext } from '../../../../server/context.ts';
import { presentAssignment, members, taughtClass } from '../../../../server/homework/service.ts';
import { endpoint, idParam, json, requireRole } from '../../../../server/http.ts';

/** The teacher's view of a class: join code, roster (who has not started), assignments. */
export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const klass = await taughtClass(db, user, idParam(context.params['id']));
  const roster = await members(db, klass.id);
  const homework = await db
    .select()
    .from(assignments)
    .where(eq(assignments.classId, klass.id))
    .orderBy(asc(assignments.dueAt));
  const exerciseIds = [...new Set(homework.flatMap((a) => a.exerciseIds))];
  const started = new Set<string>();
  if (roster.length && exerciseIds.length) {
    const earliest = new Date(Math.min(...homework.map((a) => a.opensAt.getTime())));
    const rows = await db
      .selectDistinct({ userId: submissions.userId })
      .from(submissions)
      .where(
        and(
          inArray(
            submissions.userId,
            roster.map((m) => m.id),
          ),
          inArray(submissions.exerciseId, exerciseIds),
          gte(submissions.createdAt, earliest),
        ),
      );
    for (const row of rows) started.add(row.userId);
  }
  return json(200, {
    class: klass,
    students: roster.map((m) => ({ ...m, started: started.has(m.id) })),
    assignments: homework.map(presentAssignment),
  });
});
