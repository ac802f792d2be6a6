import { and, eq } from 'drizzle-orm';
import { apiTokens } from '../../../../db/schema.ts';
import { serverContext } from '../../../server/context.ts';
import { endpoint, HttpError, json, requireUser } from '../../../server/http.ts';

export const DELETE = endpoint(async (context) => {
  const user = requireUser(context);
  const id = context.params['id'] ?? '';
  if (!/^[0-9a-f]{64}$/.test(id)) throw new HttpError(404, 'not-found', 'no such token');
  const { db } = (await serverContext()).database;
  const rows = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, user.id)))
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw new HttpError(404, 'not-found', 'no such token');
  return json(204, null);
});
