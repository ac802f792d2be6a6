import { eq } from 'drizzle-orm';
import { users } from '../../../../db/schema.ts';
import { serverContext } from '../../../server/context.ts';
import { endpoint, HttpError, json, readJson, requireRole } from '../../../server/http.ts';
import { roleBody } from '../../../server/schemas.ts';
import { sessionsChanged } from '../../../server/sessions.ts';
import { listUsers } from '../../../server/users.ts';
import { z } from 'zod';

/** Every account (admins only). */
export const GET = endpoint(async (context) => {
  requireRole(context, 'admin');
  const { db } = (await serverContext()).database;
  return json(200, { users: await listUsers(db) });
});

/** Changes another user's role (admins only): { id, role }. */
export const POST = endpoint(async (context) => {
  const admin = requireRole(context, 'admin');
  const body = await readJson(context.request, roleBody.extend({ id: z.string().max(64) }));
  // an admin who could demote themselves could leave the site with nobody to administer it
  if (body.id === admin.id) {
    throw new HttpError(409, 'own-role', 'you cannot change your own role');
  }
  const { db } = (await serverContext()).database;
  const rows = await db
    .update(users)
    .set({ role: body.role })
    .where(eq(users.id, body.id))
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  if (rows.length === 0) throw new HttpError(404, 'not-found', 'no such user');
  // their next request must see the new role
  await sessionsChanged(db, { userId: body.id });
  return json(200, { user: rows[0] });
});
