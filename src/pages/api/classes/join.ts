import { serverContext } from '../../../server/context.ts';
import { joinClass } from '../../../server/homework/service.ts';
import { joinBody } from '../../../server/homework/schemas.ts';
import { endpoint, json, readJson, requireUser } from '../../../server/http.ts';

export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  const body = await readJson(context.request, joinBody);
  const { db } = (await serverContext()).database;
  const klass = await joinClass(db, user, body.code);
  return json(200, { class: { id: klass.id, name: klass.name } });
});
