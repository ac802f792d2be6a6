// `npm run worker`: a grader worker on its own, for a PostgreSQL server (DATABASE_URL) that
// web servers and other workers share. It claims jobs from the same queue table; start as many
// as the machines allow. (With PGlite the web server grades in-process: one process holds an
// embedded database.)
import { openDatabase, optionsFromEnv } from '../db/client.ts';
import { startGradingWorker } from '../src/server/grading-worker.ts';

const options = optionsFromEnv();
if (!options.url) {
  console.error(
    'worker: set DATABASE_URL to a PostgreSQL server; with the embedded database (PGlite) the web server grades in-process',
  );
  process.exit(2);
}
const database = await openDatabase(options);
const worker = startGradingWorker(database.db);
console.log(`worker: grading jobs from ${database.location}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('worker: finishing the jobs in hand');
    void worker
      .stop()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}
