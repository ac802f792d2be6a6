// Accounts: creation, look-up, roles and password changes. Used by the API and by
// `npm run cli -- users …`.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { ROLES, users } from '../../db/schema.ts';
import type { Role } from '../../db/schema.ts';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';
import { invalidateUserSessions, sessionsChanged } from './sessions.ts';
import { randomId } from './tokens.ts';

export class AccountError extends Error {
  readonly code: 'email-taken' | 'no-such-user' | 'invalid';

  constructor(code: AccountError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkPassword(password: string): string | null {
  if (password.length < PASSWORD_MIN)
    return `the password needs at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX)
    return `the password may have at most ${PASSWORD_MAX} characters`;
  return null;
}

export function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role?: Role;
}

export async function createUser(db: Db, input: NewUser) {
  const problem = checkPassword(input.password);
  if (problem) throw new AccountError('invalid', problem);
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db
    .insert(users)
    .values({
      id: randomId(),
      email,
      name: input.name.trim(),
      passwordHash,
      role: input.role ?? 'learner',
    })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  if (!row) throw new AccountError('email-taken', `an account for ${email} exists already`);
  return row;
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return row ?? null;
}

export async function setRole(db: Db, email: string, role: Role) {
  const [row] = await db
    .update(users)
    .set({ role })
    .where(eq(users.email, normaliseEmail(email)))
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
  if (!row) throw new AccountError('no-such-user', `no account for ${normaliseEmail(email)}`);
  await sessionsChanged(db, { userId: row.id });
  return row;
}

/** Sets a new password and ends every session of the user. */
export async function changePassword(db: Db, userId: string, password: string): Promise<void> {
  const problem = checkPassword(password);
  if (problem) throw new AccountError('invalid', problem);
  const passwordHash = await hashPassword(password);
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
  await invalidateUserSessions(db, userId);
}

export async function listUsers(db: Db) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.createdAt));
}
