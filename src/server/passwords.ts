// argon2id, with the parameters OWASP's password storage guidance gives for it
// (19 MiB, 2 passes, 1 lane).
import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 hashes with argon2id unless told otherwise (the PHC string says $argon2id$)
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    // a malformed stored hash verifies nothing
    return false;
  }
}

/** A hash of nothing anyone knows: verifying against it costs what a real check costs. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID());
  return decoy;
}
