import { serverContext } from '../../../../server/context.ts';
import { assignmentCsv } from '../../../../server/homework/csv.ts';
import { assignmentMatrix, taughtAssignment } from '../../../../server/homework/service.ts';
import { endpoint, idParam, requireRole } from '../../../../server/http.ts';

export const GET = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const { db } = (await serverContext()).database;
  const { assignment } = await taughtAssignment(db, user, idParam(context.params['id']));
  return new Response(assignmentCsv(await assignmentMatrix(db, assignment)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="assignment-${assignment.id}-grades.csv"`,
      'cache-control': 'no-store',
    },
  });
});
