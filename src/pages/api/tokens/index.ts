import { desc, eq } from 'drizzle-orm';
import { apiTokens } from '../../../../db/schema.ts';
import { API_TOKEN_PREFIX } from '../../../server/auth-request.ts';
import { serverContext } from '../../../server/context.ts';
import { endpoint, HttpError, json, readJson, requireUser } from '../../../server/http.ts';
import { tokenBody } from '../../../server/schemas.ts';
import { generateToken, tokenId } from '../../../server/tokens.ts';

/** Personal API tokens, for `npm run cli -- submit`. Made only from a signed-in browser. */
export const POST = endpoint(async (context) => {
  const user = requireUser(context);
  if (context.locals.auth !== 'cookie') {
    throw new HttpError(403, 'forbidden', 'API tokens are made from the account page');
  }
  const body = await readJson(context.request, tokenBody);
  const token = API_TOKEN_PREFIX + generateToken();
  const { db } = (await serverContext()).database;
  const [row] = await db
    .insert(apiTokens)
    .values({ id: tokenId(token), userId: user.id, name: body.name, prefix: token.slice(0, 7) })
    .returning({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt });
  // the token itself is shown this once; the database keeps only its hash
  return json(201, { token, id: row!.id, name: row!.name, createdAt: row!.createdAt });
});

export const GET = endpoint(async (context) => {
  const user = requireUser(context);
  const { db } = (await serverContext()).database;
  const tokens = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, user.id))
    .orderBy(desc(apiTokens.createdAt));
  return json(200, { tokens });
});
