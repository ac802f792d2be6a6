import { serverContext } from '../../../server/context.ts';
import { classesOf, createClass } from '../../../server/homework/service.ts';
import { classBody } from '../../../server/homework/schemas.ts';
import { endpoint, json, readJson, requireRole, requireUser } from '../../../server/http.ts';

/** Classes the user teaches and classes they are in. */
export const GET = endpoint(async (context) => {
  const user = requireUser(context);
  const { db } = (await serverContext()).database;
  return json(200, await classesOf(db, user));
});

export const POST = endpoint(async (context) => {
  const user = requireRole(context, 'teacher', 'admin');
  const body = await readJson(context.request, classBody);
  const { db } = (await serverContext()).database;
  return json(201, { class: await createClass(db, user, body.name) });
});
