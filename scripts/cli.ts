// `npm run cli -- …`: the grader commands of graders/node/cli.ts (forward, case, grade,
// exercises: the contract's CLI, unchanged), and the commands that need the server's side:
//   users    create and list accounts, change roles (an operator's first admin and teachers)
//   submit   send a file for grading to a server with a personal API token
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';

const SERVER_USAGE = `
Server commands:
  users create --email E --name N --password P [--role learner|teacher|admin]
  users role --email E --role learner|teacher|admin
  users list
      Accounts in the database of this machine (DATABASE_URL, else DATA_DIR, else ./data).
  submit --server URL --token TOKEN --exercise ID [--no-wait] FILE
      Sends FILE to the server for grading with a personal API token (made on the account
      page), waits for the server's verdict and prints it. Exit code 0 when it passes.`;

class UsageError extends Error {}

async function users(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
    },
  });
  const [action] = positionals;
  const { openDatabase } = await import('../db/client.ts');
  const accounts = await import('../src/server/users.ts');
  if (values.role !== undefined && !accounts.isRole(values.role)) {
    throw new UsageError('--role must be learner, teacher or admin');
  }
  const role = values.role as 'learner' | 'teacher' | 'admin' | undefined;
  if (action !== 'create' && action !== 'role' && action !== 'list') {
    throw new UsageError('users needs create, role or list');
  }
  if (action === 'create' && (!values.email || !values.name || !values.password)) {
    throw new UsageError('users create needs --email, --name and --password');
  }
  if (action === 'role' && (!values.email || !role)) {
    throw new UsageError('users role needs --email and --role');
  }
  const { DatabaseInUseError } = await import('../db/client.ts');
  let database;
  try {
    database = await openDatabase();
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      console.error(`cli: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    if (action === 'create') {
      const user = await accounts.createUser(database.db, {
        email: values.email!,
        name: values.name!,
        password: values.password!,
        role: role ?? 'learner',
      });
      console.log(`created ${user.email} (${user.role})`);
    } else if (action === 'role') {
      const user = await accounts.setRole(database.db, values.email!, role!);
      console.log(`${user.email} is now ${user.role}`);
    } else {
      for (const user of await accounts.listUsers(database.db)) {
        console.log(`${user.email}\t${user.role}\t${user.name}\t${user.createdAt.toISOString()}`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof accounts.AccountError) {
      console.error(`cli: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

interface Submission {
  state: string;
  passed: boolean | null;
  score: number | null;
  checks: Array<{ name: { en: string }; passed: boolean; message: { en: string } }> | null;
  diagnosis: { title: { en: string }; hint: { en: string } } | null;
  error: { kind: string; message: string } | null;
  seed: number | null;
  graderVersion: string | null;
}

async function submit(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      exercise: { type: 'string' },
      'no-wait': { type: 'boolean' },
    },
  });
  const token = values.token ?? process.env['ATTENTION_LAB_TOKEN'];
  if (!values.server || !token || !values.exercise || positionals.length !== 1) {
    throw new UsageError('submit needs --server, --token (or ATTENTION_LAB_TOKEN), --exercise and one file');
  }
  const code = await readFile(positionals[0]!, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${positionals[0]}: ${error.code ?? error.message}`);
  });
  const base = values.server.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (path: string, init?: RequestInit) => {
    let response: Response;
    try {
      response = await fetch(base + path, { ...init, headers });
    } catch (error) {
      console.error(`cli: cannot reach ${base}: ${(error as Error).cause ?? (error as Error).message}`);
      return null;
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!response.ok) {
      const error = body?.['error'] as { message?: string } | undefined;
      console.error(`cli: the server answered ${response.status}: ${error?.message ?? 'no message'}`);
      return null;
    }
    return body;
  };
  const posted = await call('/api/submissions', {
    method: 'POST',
    body: JSON.stringify({ exerciseId: values.exercise, code }),
  });
  if (!posted) return 2;
  const id = posted['id'] as number;
  console.log(`submitted: #${id}`);
  if (values['no-wait']) return 0;
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const got = await call(`/api/submissions/${id}`);
    if (!got) return 2;
    const submission = got['submission'] as Submission;
    if (submission.state !== 'queued') {
      printSubmission(submission);
      return submission.passed ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.error('cli: no verdict after 10 minutes; it will still come: see the progress page');
  return 3;
}

function printSubmission(s: Submission) {
  if (s.error && !s.checks) {
    console.log(`${s.state}: ${s.error.kind}: ${s.error.message}`);
    return;
  }
  console.log(`${s.passed ? 'PASSED' : 'FAILED'} score ${Math.round((s.score ?? 0) * 100)}%  seed ${s.seed}  grader ${s.graderVersion}`);
  if (s.error) console.log(`  ${s.error.kind}: ${s.error.message}`);
  for (const check of s.checks ?? []) {
    console.log(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.name.en}${check.passed ? '' : `: ${check.message.en}`}`);
  }
  if (s.diagnosis) console.log(`  looks like: ${s.diagnosis.title.en}. ${s.diagnosis.hint.en}`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'users' || command === 'submit') {
  try {
    process.exitCode = await (command === 'users' ? users(rest) : submit(rest));
  } catch (error) {
    const err = error as Error;
    if (error instanceof UsageError || err.name === 'TypeError' && 'code' in err && String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`cli: ${err.message}\nRun "npm run cli -- --help" for usage.`);
      process.exitCode = 2;
    } else {
      console.error(`cli: unexpected failure: ${err.stack ?? err.message}`);
      process.exitCode = 1;
    }
  }
} else {
  await import('../graders/node/cli.ts');
  if (command === undefined || command === 'help' || rest.includes('--help') || command === '--help') {
    console.log(SERVER_USAGE);
  }
}
