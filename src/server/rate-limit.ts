// Sign-in throttling, per account and per address, kept in the database so that every web
// server sees the same counts. Only failures count; a success clears the account's.
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { signInFailures } from '../../db/schema.ts';

export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_PER_ACCOUNT = 5;
export const MAX_PER_ADDRESS = 30;

const accountKey = (email: string) => `email:${email}`;
const addressKey = (address: string) => `ip:${address}`;

/** Seconds to wait before the next try, or 0 when a try is allowed now. */
export async function signInDelay(db: Db, email: string, address: string): Promise<number> {
  const since = new Date(Date.now() - WINDOW_MS);
  // blocked tries are not recorded, so there are at most about MAX_PER_ADDRESS rows here
  const rows = await db
    .select({ key: signInFailures.key, at: signInFailures.at })
    .from(signInFailures)
    .where(
      and(
        inArray(signInFailures.key, [accountKey(email), addressKey(address)]),
        gt(signInFailures.at, since),
      ),
    )
    .orderBy(asc(signInFailures.at));
  const byKey = new Map<string, Date[]>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.at]);
  let wait = 0;
  for (const [key, limit] of [
    [accountKey(email), MAX_PER_ACCOUNT],
    [addressKey(address), MAX_PER_ADDRESS],
  ] as const) {
    const times = byKey.get(key) ?? [];
    if (times.length < limit) continue;
    // allowed again once the oldest failure that keeps the count at the limit leaves the window
    const oldest = times[times.length - limit]!;
    wait = Math.max(wait, Math.ceil((oldest.getTime() + WINDOW_MS - Date.now()) / 1000));
  }
  return Math.max(0, wait);
}

export async function recordSignInFailure(db: Db, email: string, address: string): Promise<void> {
  await db.insert(signInFailures).values([{ key: accountKey(email) }, { key: addressKey(address) }]);
}

export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.key, accountKey(email)));
}

/** Drops failures older than the window (called now and then by the server). */
export async function pruneSignInFailures(db: Db): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.at, new Date(Date.now() - WINDOW_MS)));
}
