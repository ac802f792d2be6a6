import { serverContext } from '../../../server/context.ts';
import { endpoint, json, requireUser } from '../../../server/http.ts';
import { progressOf } from '../../../server/progress.ts';

export const GET = endpoint(async (context) => {
  const user = requireUser(context);
  const { db } = (await serverContext()).database;
  return json(200, { exercises: await progressOf(db, user.id) });
});
