// PGlite has no autovacuum: the server vacuums and analyzes it itself (at start, then
// hourly). After that the planner knows the tables' sizes and columns.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { submissions, users } from '../../db/schema.ts';

it('gives the embedded database the statistics autovacuum would', async () => {
  const database = await openDatabase({
    dataDir: await mkdtemp(join(tmpdir(), 'attention-lab-maintain-')),
  });
  try {
    const { db } = database;
    await db.insert(users).values({ id: 'm1', email: 'm1@x', name: 'M1', passwordHash: 'x' });
    await db.insert(submissions).values(
      Array.from({ length: 300 }, (_, i) => ({
        userId: 'm1',
        exerciseId: i % 2 ? 'transformer/layer-norm' : 'transformer/causal-mask',
        code: `// ${i}`,
      })),
    );
    await db.delete(submissions).where(sql`${submissions.id} % 3 = 0`);
    const known = async () =>
      (
        (await db.execute(sql`
          select c.reltuples::int as rows,
            (select count(*)::int from pg_stats where tablename = 'submissions') as columns
          from pg_class c where c.relname = 'submissions'`)) as unknown as {
          rows: [{ rows: number; columns: number }];
        }
      ).rows[0];
    // never analyzed: the planner guesses
    expect(await known()).toEqual({ rows: -1, columns: 0 });
    expect(database.maintain).toBeTypeOf('function');
    expect(await database.maintain!()).toBeGreaterThan(0);
    const after = await known();
    expect(after.rows).toBe(200);
    expect(after.columns).toBeGreaterThan(5);
  } finally {
    await database.close();
  }
}, 60_000);
