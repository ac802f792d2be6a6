// `npm run cli -- users …`: an operator makes the first admin and teachers without the web.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('cli users', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = { DATA_DIR: await mkdtemp(join(tmpdir(), 'attention-lab-users-')), DATABASE_URL: '' };
  });

  it('creates an admin, changes a role, and lists the accounts', async () => {
    const made = await runCli(
      [
        'users',
        'create',
        '--email',
        ' Ada@Example.com ',
        '--name',
        '艾达',
        '--password',
        'a long password',
        '--role',
        'admin',
      ],
      env,
    );
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain('created ada@example.com (admin)');
    await runCli(
      [
        'users',
        'create',
        '--email',
        'bo@example.com',
        '--name',
        'Bo',
        '--password',
        'a long password',
      ],
      env,
    );
    const role = await runCli(
      ['users', 'role', '--email', 'BO@example.com', '--role', 'teacher'],
      env,
    );
    expect(role.stdout).toContain('bo@example.com is now teacher');
    const list = await runCli(['users', 'list'], env);
    expect(list.stdout).toMatch(/ada@example\.com\tadmin\t艾达/);
    expect(list.stdout).toMatch(/bo@example\.com\tteacher\tBo/);
  }, 120_000);

  it('says what is wrong, with exit code 2', async () => {
    const cases: Array<[string[], string]> = [
      [
        [
          'users',
          'create',
          '--email',
          'x@example.com',
          '--name',
          'X',
          '--password',
          'a long password',
          '--role',
          'root',
        ],
        '--role must be',
      ],
      [['users', 'create', '--email', 'x@example.com'], 'needs --email, --name and --password'],
      [
        ['users', 'create', '--email', 'x@example.com', '--name', 'X', '--password', 'short'],
        'at least 8 characters',
      ],
      [
        [
          'users',
          'create',
          '--email',
          'ada@example.com',
          '--name',
          'Again',
          '--password',
          'a long password',
        ],
        'exists already',
      ],
      [
        ['users', 'role', '--email', 'nobody@example.com', '--role', 'teacher'],
        'no account for nobody@example.com',
      ],
      [['users', 'delete'], 'users needs create, role or list'],
      [['users', 'list', '--colour'], 'Unknown option'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, env);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(message);
    }
  }, 120_000);
});
