import { defineConfig } from 'drizzle-kit';

// drizzle-kit generates SQL migrations from db/schema.ts: `npm run db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
