import { endpoint, json, requireUser } from '../../server/http.ts';

export const GET = endpoint(async (context) => json(200, { user: requireUser(context) }));
