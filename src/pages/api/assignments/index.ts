import { serverContext } from '../../../server/context.ts';
import { myAssignments } from '../../../server/homework/service.ts';
import { endpoint, json, requireUser } from '../../../server/http.ts';

/** The student's homework: due times, policies and standing per exercise. */
export const GET = endpoint(async (context) => {
  const user = requireUser(context);
  const { db } = (await serverContext()).database;
  return json(200, { assignments: await myAssignments(db, user) });
});
