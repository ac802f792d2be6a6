import { asc, eq } from 'drizzle-orm';
import { assignments } from '../../../../../db/schema.ts';
import { serverContext } from '../../../../server/context.ts';
import { classCsv } from '../../../../server/homework/csv.ts';
import { assignmentMatrix, taughtClass } from '../../../../server/homework/service.ts';
import { endpoint, idParam, requireRole } from '../../../../server/http.ts';

/** The class's gradebook: a row per student and assignment. */
export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const klass = await taughtClass(db, user, idParam(context.params['id']));
  const homework = await db
    .select()
    .from(assignments)
    .where(eq(assignments.classId, klass.id))
    .orderBy(asc(assignments.dueAt));
  const perAssignment = [];
  for (const a of homework)
    perAssignment.push({ title: a.title, rows: await assignmentMatrix(db, a) });
  return new Response(classCsv(perAssignment), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="class-${klass.id}-grades.csv"`,
      'cache-control': 'no-store',
    },
  });
});
